//! Reading one resource's `Properties`: each property is taken at most once,
//! and whatever is left over is reported, never silently dropped.

use serde_json::{Map, Value};

use crate::error::{type_name, Cursor, Diagnostics};
use crate::template::Expr;

pub struct Props<'a> {
    cursor: Cursor,
    resource_type: &'static str,
    map: &'a Map<String, Value>,
    taken: Vec<&'a str>,
}

impl<'a> Props<'a> {
    pub fn new(id: &str, resource_type: &'static str, map: &'a Map<String, Value>) -> Self {
        Props {
            cursor: Cursor::new(id),
            resource_type,
            map,
            taken: Vec::new(),
        }
    }

    pub fn id(&self) -> &str {
        self.cursor.resource()
    }

    /// Cursor for a property, for messages about it.
    pub fn at(&self, key: &str) -> Cursor {
        self.cursor.at(key)
    }

    /// The property's value; an explicit `null` counts as absent, as in SAM.
    pub fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.taken.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A property SAM types as "string or intrinsic".
    pub fn string_like(&mut self, key: &'static str, diags: &mut Diagnostics) -> Option<Value> {
        let v = self.get(key)?;
        if v.is_string() || Expr::is_intrinsic(v) {
            Some(v.clone())
        } else {
            self.at(key).error(diags, "should be a string.");
            None
        }
    }

    /// A property SAM types as "string or map" (`one_of(IS_STR, IS_DICT)`).
    pub fn string_or_map(&mut self, key: &'static str, diags: &mut Diagnostics) -> Option<Value> {
        let v = self.get(key)?;
        if v.is_string() || v.is_object() {
            Some(v.clone())
        } else {
            self.at(key).error(diags, "should be a string.");
            None
        }
    }

    /// A property SAM types as a map (intrinsics allowed).
    pub fn map_like(&mut self, key: &'static str, diags: &mut Diagnostics) -> Option<Value> {
        let v = self.get(key)?;
        if v.is_object() {
            Some(v.clone())
        } else {
            self.at(key).error(diags, "should be a map.");
            None
        }
    }

    /// A required property: a diagnostic when it is missing.
    pub fn required(&mut self, key: &'static str, diags: &mut Diagnostics) -> Option<&'a Value> {
        let v = self.get(key);
        if v.is_none() {
            self.cursor
                .plain_error(diags, format!("Missing required property '{key}'."));
        }
        v
    }

    /// Any value, copied as written (CloudFormation validates it).
    pub fn pass(&mut self, key: &'static str) -> Option<Value> {
        self.get(key).cloned()
    }

    /// Reports what was not taken: properties SAM has but stackwright does not
    /// implement yet (`unsupported`), and properties SAM does not know at all.
    pub fn finish(self, unsupported: &[&str], diags: &mut Diagnostics) {
        for (k, v) in self.map {
            if self.taken.contains(&k.as_str()) {
                continue;
            }
            if unsupported.contains(&k.as_str()) {
                self.cursor.at(k).error(
                    diags,
                    format_args!(
                        "is not supported by stackwright yet (found {}); remove it or define the resource in plain CloudFormation.",
                        type_name(v)
                    ),
                );
            } else {
                // SAM rejects unknown properties as it reads the resource,
                // before checking any value.
                diags.push_early(crate::error::Diagnostic::resource(
                    self.cursor.resource(),
                    self.cursor.path(),
                    format!(
                        "property {k} not defined for resource of type {}",
                        self.resource_type
                    ),
                ));
            }
        }
    }
}
