//! `POST /v1/admin/signup`: a new owner account, signed in at once.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::base::random;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::OwnerRecord;
use pocketshop_shared::owner::{Owner, Session, SignUp};
use pocketshop_shared::ApiError;

/// Creates the account (201 `Session`), or `email_taken` / `invalid_field`.
pub async fn sign_up<P: Ports>(
    app: &Services<P>,
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
