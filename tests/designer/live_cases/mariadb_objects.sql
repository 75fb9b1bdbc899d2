CREATE TABLE `p``q` (`i``d` int PRIMARY KEY, `na"me` varchar(10), `[b]` int);
CREATE TABLE `c``t` (`c``x` int, `k[1]` int, KEY `ix``a` (`c``x`),
  CONSTRAINT `f``k` FOREIGN KEY (`c``x`) REFERENCES `p``q` (`i``d`) ON DELETE CASCADE,
  CONSTRAINT `ch``k` CHECK (`c``x` > 0));
CREATE TABLE log (id int AUTO_INCREMENT PRIMARY KEY, what varchar(50));
CREATE VIEW `v``w` AS SELECT `c``x` FROM `c``t`;
CREATE VIEW a_over_v AS SELECT * FROM `v``w`;
DELIMITER //
CREATE TRIGGER `t``rg` AFTER INSERT ON `c``t` FOR EACH ROW BEGIN INSERT INTO log (what) VALUES ('ins'); END//
CREATE PROCEDURE `pr``oc`(IN n int) BEGIN SELECT n; END//
CREATE FUNCTION twice(n int) RETURNS int DETERMINISTIC RETURN n * 2//
DELIMITER ;
CREATE EVENT `pur``ge` ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM log;
SET sql_mode = 'TRADITIONAL';
DELIMITER //
CREATE PROCEDURE strict_one() BEGIN INSERT INTO log (what) VALUES ('strict'); END//
DELIMITER ;
SET sql_mode = DEFAULT;
CREATE TABLE ev (id int PRIMARY KEY, payload JSON NOT NULL, n int CHECK (n > 0), m int, CONSTRAINT m_pos CHECK (m > 0));
-- AUTO_INCREMENT outside the primary key (the first column of an index or a unique key), prefix primary keys
CREATE TABLE ai_index (id int NOT NULL AUTO_INCREMENT, x int, KEY idx (id, x));
CREATE TABLE ai_unique (id binary(16) NOT NULL PRIMARY KEY, api_id int unsigned NOT NULL AUTO_INCREMENT UNIQUE COMMENT 'api');
CREATE TABLE pk_prefix2 (p int NOT NULL, name varchar(255) NOT NULL, v int, PRIMARY KEY (p, name(16)), KEY idx_day (p, name(16)));
