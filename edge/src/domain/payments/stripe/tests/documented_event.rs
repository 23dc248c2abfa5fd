//! A Checkout Session event as Stripe's documentation shows it, verified and read.

use super::*;

#[test]
fn an_event_shaped_like_stripes_documented_example_is_read_as_paid() {
    // The shape of a `checkout.session.completed` event as Stripe's API reference
    // and webhook docs show it (values are this test's own).
    let body = br#"{
  "id": "evt_1QpKd2LkdIwHu7ixS2dYeGq8",
  "object": "event",
  "api_version": "2025-03-31.basil",
  "created": 1789999990,
  "data": {
"object": {
  "id": "cs_test_b1Qx8mZk3PqR7sT2uV9wX4yZ6aB0cD5eF1gH8iJ2kL3mN4oP",
  "object": "checkout.session",
  "adaptive_pricing": {"enabled": false},
  "after_expiration": null,
  "allow_promotion_codes": null,
  "amount_subtotal": 2198,
  "amount_total": 2198,
  "automatic_tax": {"enabled": false, "liability": null, "status": null},
  "billing_address_collection": null,
  "cancel_url": "https://shop.example/store.html#ps-order=PS-DOC123&shop=lumen",
  "client_reference_id": "PS-DOC123",
  "client_secret": null,
  "collected_information": null,
  "consent": null,
  "consent_collection": null,
  "created": 1789998190,
  "currency": "usd",
  "custom_fields": [],
  "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
  "customer": null,
  "customer_creation": "if_required",
  "customer_details": {
    "address": {"city": null, "country": "US", "line1": null, "line2": null, "postal_code": "94103", "state": null},
    "email": "shopper@example.com",
    "name": "Jenny Rosen",
    "phone": null,
    "tax_exempt": "none",
    "tax_ids": []
  },
  "customer_email": null,
  "expires_at": 1790084590,
  "invoice": null,
  "invoice_creation": {"enabled": false, "invoice_data": {"account_tax_ids": null, "custom_fields": null, "description": null, "footer": null, "issuer": null, "metadata": {}, "rendering_options": null}},
  "livemode": false,
  "locale": null,
  "metadata": {"order_id": "PS-DOC123"},
  "mode": "payment",
  "payment_intent": "pi_3QpKcxLkdIwHu7ix1a2b3c4d",
  "payment_link": null,
  "payment_method_collection": "if_required",
  "payment_method_options": {"card": {"request_three_d_secure": "automatic"}},
  "payment_method_types": ["card"],
  "payment_status": "paid",
  "phone_number_collection": {"enabled": false},
  "recovered_from": null,
  "setup_intent": null,
  "shipping_address_collection": null,
  "shipping_cost": null,
  "shipping_options": [],
  "status": "complete",
  "submit_type": null,
  "subscription": null,
  "success_url": "https://shop.example/store.html#ps-order=PS-DOC123&shop=lumen",
  "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
  "ui_mode": "hosted",
  "url": null
}
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": {"id": null, "idempotency_key": null},
  "type": "checkout.session.completed"
}"#;
    let t = NOW - 30;
    let header = format!("t={t},v1={}", v1(WEBHOOK_SECRET, t, body));
    let verified = stripe()
        .verify_notice(&notice(body, &header), NOW)
        .expect("verified");
    assert_eq!(verified.event_id, "evt_1QpKd2LkdIwHu7ixS2dYeGq8");
    assert_eq!(
        verified.notice,
        PaymentNotice::Paid {
            order_id: OrderId::parse("PS-DOC123").expect("id"),
            reference: "cs_test_b1Qx8mZk3PqR7sT2uV9wX4yZ6aB0cD5eF1gH8iJ2kL3mN4oP".into(),
            provider_payment_id: "pi_3QpKcxLkdIwHu7ix1a2b3c4d".into(),
            amount: Money::new(2_198, Currency::USD),
        }
    );
}
