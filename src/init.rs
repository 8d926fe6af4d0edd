//! `stackwright init`: a new Rust app, ready to synth and test, rendered
//! from the handlebars templates in `templates/init/` (as `cdk init` and
//! `sam init` give their users a working start).
//!
//! The app's first template snapshot is written too, so `cargo test` passes
//! on the first run instead of stopping at an unrecorded snapshot. It comes
//! from [`scaffold_app`], the same app as `templates/init/main.rs.hbs`
//! builds: when one changes, change the other (the init stage of `.ci/run`
//! scaffolds an app and runs its tests, so a drift fails CI).

use std::path::{Path, PathBuf};
use std::time::Duration;

use handlebars::Handlebars;
use serde_json::json;

use crate::dsl::prelude::*;
use crate::emit::write_atomic;
use crate::error::Error;

/// Where insta looks for the scaffold's `template_snapshot` test
/// (`tests/template.rs`) snapshot.
pub const SNAPSHOT_FILE: &str = "tests/snapshots/template__template_snapshot.snap";

/// The app `templates/init/main.rs.hbs` scaffolds, named `name`: its
/// template is the first snapshot `init` records.
pub fn scaffold_app(name: &str) -> App {
    let mut app = App::new(name);
    let items = app.simple_table(
        "ItemsTable",
        SimpleTable::new().primary_key("id", KeyType::String),
    );
    let api = app.function(
        "ItemsFunction",
        Function::new(
            Runtime::Python312,
            "app.handler",
            Code::s3(&format!("s3://{name}-artifacts/app.zip")),
        )
        .memory_size(256)
        .timeout(Duration::from_secs(10))
        .env("TABLE_NAME", items.name())
        .on("GetItem", Route::get("/items/{id}"))
        .on("PutItem", Route::put("/items/{id}")),
    );
    app.grant(api, items, TableAccess::ReadWrite);
    app.output("ItemsTableName", Output::new(items.name()));
    app
}

/// The snapshot file insta expects for the scaffold's template test: its
/// header, then the template exactly as `synth --format yaml` writes it.
pub fn first_snapshot(name: &str) -> Result<String, Error> {
    let template = scaffold_app(name).synth(&Context::new(crate::testing::DEFAULT_REGION))?;
    let body = crate::emit::to_yaml(&template)?;
    Ok(format!(
        "---\nsource: tests/template.rs\nexpression: \"$crate::testing::yaml_snapshot(&testing::synth_app(&app::app()))\"\n---\n{body}"
    ))
}

/// (file written, template it comes from).
const FILES: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        include_str!("../templates/init/Cargo.toml.hbs"),
    ),
    ("src/main.rs", include_str!("../templates/init/main.rs.hbs")),
    (
        "tests/template.rs",
        include_str!("../templates/init/test.rs.hbs"),
    ),
    (
        ".gitignore",
        include_str!("../templates/init/gitignore.hbs"),
    ),
];

/// Writes a new app into `dir` and returns the files written. The app is
/// named `name` (default: the directory's name) and depends on the
/// stackwright source at `stackwright_path` (default: this build's source).
/// Nothing is overwritten: if any file exists, nothing is written.
pub fn init(
    dir: &Path,
    name: Option<&str>,
    stackwright_path: Option<&Path>,
) -> Result<Vec<PathBuf>, Error> {
    let usage = |why: String| Error::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::other(why),
    };
    let name = match name {
        Some(n) => n.to_string(),
        None => dir
            .canonicalize()
            .unwrap_or_else(|_| dir.to_path_buf())
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("app")
            .to_string(),
    };
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(usage(format!(
            "'{name}' is not a usable app name (letters, digits, '-' and '_'); pass --name"
        )));
    }
    let source = stackwright_path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let data = json!({
        "app_name": name,
        "crate_name": name.replace('-', "_"),
        "stackwright_path": source.display().to_string(),
    });

    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    // These are source files, not HTML.
    hb.register_escape_fn(handlebars::no_escape);
    let mut rendered = Vec::new();
    for (file, template) in FILES {
        let text = hb
            .render_template(template, &data)
            .map_err(|e| Error::Internal(format!("init template {file}: {e}")))?;
        let path = dir.join(file);
        if path.exists() {
            return Err(usage(format!(
                "{} already exists; init writes into a new directory",
                path.display()
            )));
        }
        rendered.push((path, text));
    }
    let snapshot = dir.join(SNAPSHOT_FILE);
    if snapshot.exists() {
        return Err(usage(format!(
            "{} already exists; init writes into a new directory",
            snapshot.display()
        )));
    }
    rendered.push((snapshot, first_snapshot(&name)?));
    let mut written = Vec::new();
    for (path, text) in rendered {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_atomic(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaffolds_an_app_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("my-shop");
        let files = init(&app, None, Some(Path::new("/src/stackwright"))).unwrap();
        assert_eq!(files.len(), FILES.len() + 1);
        let snap = std::fs::read_to_string(app.join(SNAPSHOT_FILE)).unwrap();
        assert!(
            snap.contains("ItemsTable:\n    Type: AWS::DynamoDB::Table"),
            "{snap}"
        );
        assert!(snap.contains("S3Bucket: my-shop-artifacts"), "{snap}");
        let cargo = std::fs::read_to_string(app.join("Cargo.toml")).unwrap();
        assert!(cargo.contains("name = \"my_shop\""), "{cargo}");
        let deps = cargo.split("[dev-dependencies]").next().unwrap();
        assert!(
            deps.contains("serde_json"),
            "main.rs may use json!: {cargo}"
        );
        assert!(cargo.contains("path = \"/src/stackwright\""), "{cargo}");
        let main = std::fs::read_to_string(app.join("src/main.rs")).unwrap();
        assert!(
            main.contains("App::new(\"my-shop\")") && main.contains("/items/{id}"),
            "{main}"
        );
        assert!(
            init(&app, None, None).is_err(),
            "a second init must not overwrite"
        );
    }

    /// The snapshot `init` records comes from `scaffold_app`; it must build
    /// the app `main.rs.hbs` does, statement for statement.
    #[test]
    fn scaffold_app_is_the_app_main_rs_builds() {
        fn body(src: &str) -> String {
            let start = src.find("let mut app").expect("the app is built in `app`");
            let end = src[start..].find("\n    app\n}").expect("and returned") + start;
            let squeezed: String = src[start..end].split_whitespace().collect();
            squeezed.replace(",)", ")")
        }
        let template = include_str!("../templates/init/main.rs.hbs")
            .replace(
                "\"s3://{{app_name}}-artifacts/app.zip\"",
                "&format!(\"s3://{name}-artifacts/app.zip\")",
            )
            .replace("\"{{app_name}}\"", "name");
        let this = include_str!("init.rs");
        let ours = &this[this.find("pub fn scaffold_app").unwrap()..];
        assert_eq!(
            body(&template),
            body(ours),
            "templates/init/main.rs.hbs changed: make init::scaffold_app build the same app"
        );
    }

    #[test]
    fn rejects_unusable_names() {
        let dir = tempfile::tempdir().unwrap();
        assert!(init(dir.path(), Some("bad name"), None).is_err());
    }
}
