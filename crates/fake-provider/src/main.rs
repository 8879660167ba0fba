//! `fake-provider`: see the library's documentation, or `fake-provider --help`.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = fake_provider::Args::parse();
    let (bind, port) = (args.bind, args.port);
    let (listener, app) = match fake_provider::bind(args).await {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!("fake-provider: cannot listen on {bind}:{port}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("fake-provider listening on http://{addr}"),
        Err(e) => {
            eprintln!("fake-provider: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app).with_graceful_shutdown(stop).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fake-provider: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
