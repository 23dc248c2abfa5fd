-- Prepaid orders: how each shop takes payment, each order's payment at its provider,
-- the providers' notifications already applied, and after-sales cases.

-- JSON array of payment methods in the order the widget offers them; a method this
-- deployment has not set up is left out of the shop's profile.
ALTER TABLE shops ADD COLUMN payment_methods TEXT NOT NULL DEFAULT '["cash_on_delivery"]';
-- How long an order waits for payment before it expires (a provider may need longer).
ALTER TABLE shops ADD COLUMN payment_window_secs INTEGER NOT NULL DEFAULT 1800
  CHECK (payment_window_secs BETWEEN 1 AND 86400);

-- Prepaid orders: when they expire unless paid.
ALTER TABLE orders ADD COLUMN pay_before INTEGER;
-- Failed attempts of the pending work (supplier submission, refund) since the last success.
ALTER TABLE orders ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

-- One payment per order at its provider.
CREATE TABLE payments (
  order_id            TEXT PRIMARY KEY REFERENCES orders (id),
  method              TEXT NOT NULL,             -- stripe | wechat_pay | sandbox
  reference           TEXT NOT NULL,             -- session id, out_trade_no
  pay_url             TEXT NOT NULL,
  currency            TEXT NOT NULL,
  amount              INTEGER NOT NULL,
  return_url          TEXT NOT NULL,
  cancel_url          TEXT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('open', 'paid', 'closed', 'refunded')),
  provider_payment_id TEXT,                      -- PaymentIntent, transaction_id
  refund_id           TEXT,
  test_mode           INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX payments_reference ON payments (method, reference);

-- Provider notifications applied: a redelivery changes nothing twice.
CREATE TABLE payment_events (
  method      TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (method, event_id)
);

-- Return and refund requests, as the supplier's after-sales desk numbers them.
CREATE TABLE after_sales (
  order_id   TEXT NOT NULL REFERENCES orders (id),
  case_id    TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('return', 'refund')),
  reason     TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (order_id, case_id)
);
