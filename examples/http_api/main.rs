//! `cargo run --example http_api -- synth` writes the notes HTTP API's CloudFormation.

mod app;

fn main() {
    app::app().run()
}
