//! The `sleuths` binary: parse the command line and run it.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match sleuths::cli::main().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
