//! `cargo run --example uploads -- synth` writes the upload pipeline's CloudFormation.

mod app;

fn main() {
    app::app().run()
}
