//! GraphQL APIs → AppSync resources.

use crate::model::SamKinds;

use super::{Context, Output};

pub fn expand_all(_kinds: &SamKinds, _ctx: &Context, _out: &mut Output) {}
