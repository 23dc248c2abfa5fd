//! [`FakeSupplier`]: the supplier in memory, with a catalogue, stock, orders and
//! failures a test can set.

use crate::ports::supplier::{Supplier, SupplierError};
use pocketshop_shared::catalogue::SupplyProduct;
use pocketshop_shared::supply::{
    AfterSalesCase, AfterSalesRequest, CreateSupplyOrder, ProductPage, SupplyOrder,
    SupplyOrderStatus,
};
use pocketshop_shared::{ApiError, ProductId};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// A supplier over a fixed catalogue that records the orders it is sent.
#[derive(Default)]
pub struct FakeSupplier {
    pub catalogue: RefCell<Vec<SupplyProduct>>,
    /// Orders by idempotency key.
    pub orders: RefCell<HashMap<String, SupplyOrder>>,
    /// When set, every call fails as if the supplier were down.
    pub down: Cell<bool>,
    /// When set, only order creation fails: the catalogue still answers.
    pub orders_down: Cell<bool>,
    pub page_calls: Cell<u32>,
    /// When set, every call fails with this (a timeout, a bad body, an open breaker).
    pub fault: Cell<Option<fn() -> SupplierError>>,
}

impl FakeSupplier {
    fn check_up(&self) -> Result<(), SupplierError> {
        if let Some(fault) = self.fault.get() {
            return Err(fault());
        }
        if self.down.get() {
            Err(SupplierError::Status { status: 503 })
        } else {
            Ok(())
        }
    }
}

impl Supplier for FakeSupplier {
    async fn products(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<ProductPage, SupplierError> {
        self.check_up()?;
        self.page_calls.set(self.page_calls.get() + 1);
        let start: usize = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let all = self.catalogue.borrow();
        let end = (start + limit as usize).min(all.len());
        Ok(ProductPage {
            items: all[start..end].to_vec(),
            next_cursor: (end < all.len()).then(|| end.to_string()),
        })
    }

    async fn product(&self, id: &ProductId) -> Result<Option<SupplyProduct>, SupplierError> {
        self.check_up()?;
        Ok(self
            .catalogue
            .borrow()
            .iter()
            .find(|p| &p.id == id)
            .cloned())
    }

    async fn create_order(
        &self,
        key: &str,
        order: &CreateSupplyOrder,
    ) -> Result<SupplyOrder, SupplierError> {
        self.check_up()?;
        if self.orders_down.get() {
            return Err(SupplierError::Unreachable {
                detail: "connection reset".into(),
            });
        }
        if let Some(existing) = self.orders.borrow().get(key) {
            return Ok(existing.clone());
        }
        let mut catalogue = self.catalogue.borrow_mut();
        for line in &order.lines {
            let sku = catalogue
                .iter()
                .flat_map(|p| p.skus.iter())
                .find(|s| s.sku == line.sku)
                .ok_or_else(|| {
                    SupplierError::Rejected(ApiError::UnknownSku {
                        sku: line.sku.to_string(),
                    })
                })?;
            if sku.stock < line.quantity.get() {
                return Err(SupplierError::Rejected(ApiError::OutOfStock {
                    sku: line.sku.to_string(),
                    available: sku.stock,
                }));
            }
        }
        for line in &order.lines {
            for p in catalogue.iter_mut() {
                for s in p.skus.iter_mut().filter(|s| s.sku == line.sku) {
                    s.stock -= line.quantity.get();
                }
            }
        }
        let so = SupplyOrder {
            id: format!("SO-{}", self.orders.borrow().len() + 1),
            reference: order.reference.clone(),
            status: SupplyOrderStatus::Accepted,
            lines: order.lines.clone(),
            shipments: vec![],
            after_sales: vec![],
            created_at: 0,
        };
        self.orders.borrow_mut().insert(key.to_owned(), so.clone());
        Ok(so)
    }

    async fn request_after_sales(
        &self,
        supplier_order_id: &str,
        request: &AfterSalesRequest,
    ) -> Result<AfterSalesCase, SupplierError> {
        self.check_up()?;
        let mut orders = self.orders.borrow_mut();
        let order = orders
            .values_mut()
            .find(|o| o.id == supplier_order_id)
            .ok_or(SupplierError::Rejected(ApiError::OrderNotFound))?;
        let case = AfterSalesCase {
            id: format!("AS-{}", order.after_sales.len() + 1),
            kind: request.kind,
            reason: request.reason.clone(),
            status: "requested".into(),
            created_at: 0,
        };
        order.after_sales.push(case.clone());
        Ok(case)
    }
}
