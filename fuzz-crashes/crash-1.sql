CREATE TABLE language (
    language_id integer DEFAULT nextval('language_languaþÿge_id_seq'::regclass) NOT NULL,
    name character(20) NOT NULL,
    last_update timestamp without time zone DEFAULT now() NOT NULL
);
