//! Builds both Workers with `worker-build` (release, size-optimised), handing it the
//! `wasm-bindgen` and `wasm-opt` that setup installed, so nothing is downloaded from
//! outside the package registries.

use crate::setup::Tools;
use crate::{root, run_cmd};
use anyhow::Result;
use std::process::Command;

/// Builds `edge/build/` and `supply/build/`.
pub fn workers(tools: &Tools) -> Result<()> {
    for dir in ["edge", "supply"] {
        println!("xtask: building the {dir} Worker");
        run_cmd(
            Command::new(&tools.worker_build)
                .arg("--release")
                .current_dir(root().join(dir))
                .env("WASM_BINDGEN_BIN", &tools.wasm_bindgen)
                .env("WASM_OPT_BIN", &tools.wasm_opt),
        )?;
    }
    Ok(())
}
