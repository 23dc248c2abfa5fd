//! `POST /v1/admin/signout`: revokes the request's session.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::ApiError;

/// Revokes the session (204); `unauthorized` when it is not valid any more.
pub async fn sign_out<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    auth::owner_session(app, req).await?;
    let token = auth::bearer(req).ok_or(ApiError::Unauthorized)?;
    app.store.delete_session(&auth::token_hash(token)).await?;
    Ok(HttpResponse::empty(204))
}
