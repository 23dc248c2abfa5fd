//! `POST /v1/admin/signup`: a new owner account, signed in at once.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::random;
use crate::store::OwnerRecord;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::admin::{Owner, Session, SignUp};
use pocketshop_shared::ApiError;

/// Creates the account (201 `Session`), or `email_taken` / `invalid_field`.
pub async fn sign_up<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<SignUp>()?;
    let email = auth::email(&body.email)?;
    let password = auth::password(&body.password)?;
    let owner = OwnerRecord {
        id: format!("own-{}", random::hex(8)?),
        email,
        password_hash: auth::hash_password(&app.platform, password).await?,
        member_secret: None,
        created_at: app.now,
    };
    if !app.store.insert_owner(&owner).await? {
        return Err(ApiError::EmailTaken.into());
    }
    let (token, expires_at) = auth::open_session(app, &owner).await?;
    let session = Session {
        token,
        expires_at,
        owner: Owner {
            id: owner.id,
            email: owner.email,
        },
    };
    Ok(HttpResponse::json(201, &session))
}
