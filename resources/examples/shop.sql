-- A small shop schema to try Tablewright on (PostgreSQL).
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');

CREATE TABLE customer (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       varchar(255) NOT NULL UNIQUE,
    full_name   text NOT NULL,
    password    varchar(64),
    created_at  timestamp NOT NULL DEFAULT now()
);

CREATE TABLE product (
    id          serial PRIMARY KEY,
    sku         varchar(32) NOT NULL,
    name        text NOT NULL,
    price       float NOT NULL,
    stock       integer NOT NULL DEFAULT 0
);

CREATE TABLE "order" (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customer (id),
    status      order_status NOT NULL DEFAULT 'new',
    placed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_line (
    order_id    bigint NOT NULL REFERENCES "order" (id) ON DELETE CASCADE,
    product_id  integer NOT NULL REFERENCES product (id),
    quantity    integer NOT NULL CHECK (quantity > 0),
    unit_price  numeric(10, 2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE INDEX order_customer_idx ON "order" (customer_id);
COMMENT ON TABLE "order" IS 'One checkout by one customer';
