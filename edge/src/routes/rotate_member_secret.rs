//! `POST /v1/admin/member-secret`: a new secret for the owner's member tokens.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::random;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::admin::MemberSecret;

/// Replaces the secret and shows the new one once; tokens signed with the old one
/// stop verifying.
pub async fn rotate_member_secret<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let owner = auth::owner_session(app, req).await?;
    let secret = random::hex(32)?;
    app.store.set_member_secret(&owner.id, &secret).await?;
    Ok(HttpResponse::json(200, &MemberSecret { secret }))
}
