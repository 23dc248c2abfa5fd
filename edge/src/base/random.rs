//! Unpredictable identifiers from the platform's CSPRNG (Web Crypto in the Worker).

/// The CSPRNG failed.
#[derive(Debug, thiserror::Error)]
#[error("random number generator failed: {0}")]
pub struct RandomError(getrandom::Error);

/// `N` random bytes.
pub fn bytes<const N: usize>() -> Result<[u8; N], RandomError> {
    let mut buf = [0u8; N];
    getrandom::getrandom(&mut buf).map_err(RandomError)?;
    Ok(buf)
}

/// `bytes` random bytes as lowercase hex.
pub fn hex(bytes: usize) -> Result<String, RandomError> {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf).map_err(RandomError)?;
    Ok(hex::encode(buf))
}
