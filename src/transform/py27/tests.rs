//! Orders, hashes and reprs checked against SAM's own output.

use super::*;

#[test]
fn json_dumps_as_python_writes_it() {
    // Keys in Python 2.7 dict order, as SAM's `Py27Dict` iterates them.
    let v = Py::from_user(&serde_json::json!({"DomainName": "é", "B": [1, true, null]}));
    assert_eq!(
        json_dumps(&v),
        r#"{"B": [1, true, null], "DomainName": "\u00e9"}"#
    );
}

#[test]
fn python_equality_ignores_dict_order_and_string_kind() {
    let a = Py::from_user(&serde_json::json!({"a": "x", "b": [1]}));
    let b = Py::from_sam(&serde_json::json!({"b": [1], "a": "x"}));
    assert!(py_eq(&a, &b));
    assert!(!py_eq(
        &a,
        &Py::from_sam(&serde_json::json!({"a": "y", "b": [1]}))
    ));
}
use serde_json::json;

/// A value edited after its parent was found stable must be checked
/// again: `deepcopy` of the parent then reorders the value's keys as
/// SAM's copy does (orders from `deepcopy_can_reorder_keys_as_in_sam`).
#[test]
fn deepcopy_sees_values_edited_since_the_last_check() {
    let keys = |d: &PyDict| d.keys().iter().map(|k| k.text.clone()).collect::<Vec<_>>();
    let mut outer = PyDict::py27();
    for i in 0..100 {
        outer.set(PyStr::uni(&format!("/r{i}")), Py::Dict(PyDict::py27()));
    }
    let copied = outer.deepcopy();
    assert!(outer.stable() && copied.stable());
    for via_get_mut in [true, false] {
        let mut d = copied.clone();
        let mut child = PyDict::py27();
        for k in ["/p74", "/p52", "/p29", "/p43", "/p87"] {
            child.set(PyStr::uni(k), Py::None);
        }
        match via_get_mut {
            true => *d.get_mut("/r7").unwrap() = Py::Dict(child),
            false => d.set(PyStr::uni("/r7"), Py::Dict(child)),
        }
        // A second edit elsewhere after a check must not hide the first.
        assert!(!d.stable());
        d.set(PyStr::uni("/r8"), Py::None);
        assert!(!d.stable());
        let c = d.deepcopy();
        let r7 = c.get("/r7").and_then(Py::as_dict).unwrap();
        assert_eq!(keys(r7), ["/p74", "/p52", "/p29", "/p43", "/p87"]);
        // An edit leaving every value stable keeps a stable dict stable.
        let mut e = copied.clone();
        e.set(PyStr::uni("/r8"), Py::Dict(PyDict::py27()));
        assert!(e.stable());
    }
}

// Orders below were printed by SAM's own Py27Dict (samtranslator 1.115.0).
#[test]
fn py27_order_matches_sam() {
    assert_eq!(
        py27_order(["RestApiFunction", "GetHtmlFunction", "ServerlessRestApi"]),
        ["GetHtmlFunction", "RestApiFunction", "ServerlessRestApi"]
    );
    assert_eq!(
        py27_order(["swagger", "info", "paths"]),
        ["info", "paths", "swagger"]
    );
    assert_eq!(
        py27_order(["type", "httpMethod", "uri"]),
        ["httpMethod", "type", "uri"]
    );
    let mut k = KeyOrder::default();
    for p in ["/a", "/b", "/c", "/d", "/e", "/f", "/g"] {
        k.add(p);
    }
    assert_eq!(k.keys(), ["/g", "/f", "/e", "/d", "/c", "/b", "/a"]);
    k.remove("/c");
    k.add("/h");
    assert_eq!(k.keys(), ["/h", "/g", "/f", "/e", "/d", "/b", "/a"]);
}

#[test]
fn deepcopy_can_reorder_keys_as_in_sam() {
    // Printed by SAM: a Py27Dict and its copy.deepcopy.
    let mut d = PyDict::py27();
    for k in ["/p74", "/p52", "/p29", "/p43", "/p87"] {
        d.set(PyStr::uni(k), Py::None);
    }
    let keys = |d: &PyDict| d.keys().iter().map(|k| k.text.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&d), ["/p74", "/p52", "/p29", "/p87", "/p43"]);
    assert_eq!(
        keys(&d.deepcopy()),
        ["/p74", "/p52", "/p29", "/p43", "/p87"]
    );
}

#[test]
fn string_hash_is_python27s() {
    assert_eq!(py27_str_hash("/add"), 10797040396640341312);
    assert_eq!(py27_str_hash("é"), 29824089448);
    assert_eq!(py27_str_hash(""), 0);
}

#[test]
fn repr_of_strings() {
    assert_eq!(str_repr(&PyStr::lit("a'b")), "\"a'b\"");
    assert_eq!(str_repr(&PyStr::uni("/add")), "u'/add'");
    // Printed by SAM's Py27UniStr.
    assert_eq!(str_repr(&PyStr::uni("é\\n")), "u'\\xe9\\\\n'");
    assert_eq!(str_repr(&PyStr::uni("é\n")), "u'\\xe9\\n'");
    assert_eq!(str_repr(&PyStr::lit("é")), "'é'");
}

#[test]
fn the_plain_string_shortcut_writes_what_repr_does() {
    let texts = [
        "",
        "/add",
        "a'b",
        "a\"b",
        "a\\b",
        "tab\t",
        "é",
        "\u{7f}",
        "~ !",
        "{Ref}",
        "x\u{2028}",
    ];
    for text in texts {
        for s in [PyStr::lit(text), PyStr::uni(text)] {
            let mut out = String::from(">");
            repr::write_str_repr(&s, &mut out);
            assert_eq!(out, format!(">{}", str_repr(&s)), "{s:?}");
        }
    }
}

#[test]
fn repr_of_values() {
    let v = Py::from_user(&json!({"a": [1, 2.5, true, null], "b": {"c": "d"}}));
    assert_eq!(v.repr(), "{u'a': [1, 2.5, True, None], u'b': {u'c': u'd'}}");
    let p = Py::from_sam(&json!({"Ref": "AWS::StackName"}));
    assert_eq!(p.repr(), "{'Ref': 'AWS::StackName'}");
}

#[test]
fn floats_print_as_python() {
    assert_eq!(python_float_repr(1.0), "1.0");
    assert_eq!(python_float_repr(1e20), "1e+20");
    assert_eq!(python_float_repr(0.00001), "1e-05");
    assert_eq!(python_float_repr(0.0001), "0.0001");
    assert_eq!(python_float_repr(123.456), "123.456");
    assert_eq!(python_float_repr(1e16), "1e+16");
}

/// The incremental check that a table still rebuilds as itself after a key
/// is added agrees with a full replay, whatever the keys.
#[test]
fn incremental_stability_agrees_with_a_replay() {
    use super::table::Py27Keys;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut fast, mut replayed, mut moved) = (0, 0, 0);
    for round in 0..12 {
        let mut t: Py27Keys = Py27Keys::new();
        let n = 50 + (next() % 1200) as usize;
        for i in 0..n {
            let key = match round % 3 {
                0 => format!("/items{i}/{{id}}"),
                1 => format!("/r{}", next() % 100_000),
                _ => format!("{:x}", next()),
            };
            t.add(&key);
            let replay = t.replay();
            let same = t.is_rebuilt_as(&replay.slots);
            if t.known_stable() {
                fast += 1;
                assert!(same, "round {round}: {key} said stable, the replay differs");
            } else if same {
                replayed += 1;
            } else {
                moved += 1;
            }
            // As SAM's copies do: the document goes on as rebuilt.
            if !t.note_replay(&replay) {
                t = t.rebuilt();
            }
        }
    }
    eprintln!("incremental {fast}, replayed and stable {replayed}, reordered {moved}");
    // A copy of a large table usually reorders it (CPython's rebuild is not
    // idempotent), so the incremental check mostly helps small dicts.
    assert!(fast > 100, "the incremental check is used ({fast})");
}
