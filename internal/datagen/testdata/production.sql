-- A "production" database with a known, skewed shape. psql variables:
-- users, orders (row counts). Deterministic: setseed before every random().
SELECT setseed(0.42);

CREATE TABLE countries (
    code char(2) PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO countries
SELECT chr(65 + i / 26) || chr(65 + i % 26), 'Country ' || md5(i::text)
FROM generate_series(0, 29) AS i;

CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    full_name text NOT NULL,
    plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'premium')),
    country_code char(2) NOT NULL,
    phone text,
    created_at timestamptz NOT NULL
);

-- 10 % premium; countries skewed (the first few dominate); 5 % of phones
-- NULL; names from a pool of 3000 plus two planted, frequent, distinctive
-- names; sign-ups spread over two years in id order.
INSERT INTO users (email, full_name, plan, country_code, phone, created_at)
SELECT 'customer.' || md5('e' || i) || '@mail-planted.example',
       CASE WHEN r1 < 0.02 THEN 'Zebulon Quixote-Plantagenet'
            WHEN r1 < 0.03 THEN 'Ysolde Marchetti-Vanderplant'
            ELSE 'Person ' || md5('n' || (floor(r2 * 3000))::int) END,
       CASE WHEN r3 < 0.10 THEN 'premium' ELSE 'free' END,
       chr(65 + floor(30 * power(r4, 2.5))::int / 26) || chr(65 + floor(30 * power(r4, 2.5))::int % 26),
       CASE WHEN r5 < 0.05 THEN NULL ELSE '+1-555-' || lpad((floor(r5 * 9999999))::int::text, 7, '0') END,
       timestamptz '2023-01-01 00:00:00+00' + (i::float8 / :users) * interval '730 days' + r6 * interval '1 hour'
FROM (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
      FROM generate_series(1, :users) AS i) AS g;

CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    status text NOT NULL,
    amount numeric(10,2) NOT NULL CHECK (amount > 0),
    coupon text,
    created_at timestamptz NOT NULL
);

-- Zipf-like fan-out: a user's rank r draws orders with weight ~ r^-0.66
-- (u^3 over ranks), and ranks are scattered over ids (a multiplicative
-- permutation), so heavy users are not the oldest. Orders are inserted in
-- time order over two years.
INSERT INTO orders (user_id, status, amount, coupon, created_at)
SELECT ((floor(:users * power(r1, 3))::bigint * 7919) % :users) + 1,
       CASE WHEN r2 < 0.80 THEN 'paid' WHEN r2 < 0.94 THEN 'shipped' WHEN r2 < 0.98 THEN 'pending' ELSE 'refunded' END,
       round((1 + exp(r3 * 6))::numeric, 2),
       CASE WHEN r4 < 0.9 THEN NULL ELSE 'SAVE' || (floor(r4 * 200))::int END,
       timestamptz '2023-01-01 00:00:00+00' + (i::float8 / :orders) * interval '730 days'
FROM (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4
      FROM generate_series(1, :orders) AS i) AS g;

-- Line items for a tenth of the orders: a composite key numbered within
-- its order.
CREATE TABLE order_items (
    order_id bigint NOT NULL,
    line_no integer NOT NULL,
    sku text NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line_no)
);
INSERT INTO order_items
SELECT o.id, n, 'SKU-' || (o.id * 31 + n) % 500, 1 + (o.id + n) % 3
FROM orders o, generate_series(1, 1 + (o.id % 4)::int) AS n
WHERE o.id % 10 = 0;

-- Foreign keys are added once the rows are in: one validating join each,
-- instead of a trigger per row.
ALTER TABLE users ADD CONSTRAINT users_country_code_fkey FOREIGN KEY (country_code) REFERENCES countries (code);
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE order_items ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);

CREATE INDEX orders_user_created_idx ON orders (user_id, created_at);
CREATE INDEX orders_pending_idx ON orders (created_at) WHERE status = 'pending';
CREATE INDEX orders_created_idx ON orders (created_at);
CREATE INDEX users_email_lower_idx ON users (lower(email));
CREATE INDEX users_created_idx ON users (created_at);
CREATE INDEX users_country_plan_idx ON users (country_code, plan);

ANALYZE;
