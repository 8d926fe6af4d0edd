//! Comparing two templates the way CloudFormation will apply them (stub).

pub mod load;

use crate::template::Template;

/// The changes between two templates.
#[derive(Debug, Default)]
pub struct Diff {}

impl Diff {
    pub fn is_destructive(&self) -> bool {
        false
    }
    pub fn render(&self, _color: bool) -> String {
        String::new()
    }
}

pub fn diff(_old: &Template, _new: &Template) -> Diff {
    Diff::default()
}
