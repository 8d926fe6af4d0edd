//! EventBridge's schedule expressions, checked where they are written:
//! `rate(value unit)` and the six-field `cron(minutes hours day-of-month
//! month day-of-week year)` that EventBridge rules and EventBridge Scheduler
//! share (EventBridge user guide, "Schedule expressions for rules").

/// Checks a six-field EventBridge cron body (without `cron(` and `)`).
pub fn check_cron(body: &str) -> Result<(), String> {
    let fields: Vec<&str> = body.split_whitespace().collect();
    let [min, hour, dom, month, dow, year] = fields.as_slice() else {
        return Err(format!(
            "'{body}' has {} fields; EventBridge's cron has 6: minutes hours day-of-month month day-of-week year (e.g. \"0 3 * * ? *\").",
            fields.len()
        ));
    };
    field("minutes", min, 0, 59, Names::None, Extras::NONE)?;
    field("hours", hour, 0, 23, Names::None, Extras::NONE)?;
    field("day-of-month", dom, 1, 31, Names::None, Extras::DOM)?;
    field("month", month, 1, 12, Names::Months, Extras::NONE)?;
    field("day-of-week", dow, 1, 7, Names::Days, Extras::DOW)?;
    field("year", year, 1970, 2199, Names::None, Extras::NONE)?;
    match (*dom == "?", *dow == "?") {
        (true, false) | (false, true) => Ok(()),
        (true, true) => Err(format!(
            "'{body}': day-of-month and day-of-week are both '?'; exactly one of them must be '?'."
        )),
        (false, false) => Err(format!(
            "'{body}': day-of-month ('{dom}') and day-of-week ('{dow}') cannot both be given; make one of them '?' (e.g. \"0 3 * * ? *\")."
        )),
    }
}

/// Checks a rate: a positive value, with the unit singular for 1 and plural otherwise.
pub fn rate_expression(value: u32, unit: &str) -> Result<String, String> {
    if value == 0 {
        return Err("a rate must be at least 1.".into());
    }
    let unit = if value == 1 {
        unit.to_string()
    } else {
        format!("{unit}s")
    };
    Ok(format!("rate({value} {unit})"))
}

/// Checks an EventBridge Scheduler one-time schedule's date (`yyyy-mm-ddThh:mm:ss`).
pub fn check_at(t: &str) -> Result<(), String> {
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let num =
        |r: std::ops::Range<usize>| t.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(99);
    let shape = b.len() == 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape
        || !(1..=12).contains(&num(5..7))
        || !(1..=31).contains(&num(8..10))
        || num(11..13) > 23
        || num(14..16) > 59
        || num(17..19) > 59
    {
        return Err(format!(
            "'{t}' is not a date and time of the form yyyy-mm-ddThh:mm:ss."
        ));
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Names {
    None,
    Months,
    Days,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// The special characters a field allows beyond `, - * /`.
#[derive(Clone, Copy)]
struct Extras {
    question: bool,
    /// `L` (last day), `W` (weekday) in day-of-month.
    dom: bool,
    /// `L` (last) and `#` (nth) in day-of-week.
    dow: bool,
}

impl Extras {
    const NONE: Extras = Extras {
        question: false,
        dom: false,
        dow: false,
    };
    const DOM: Extras = Extras {
        question: true,
        dom: true,
        dow: false,
    };
    const DOW: Extras = Extras {
        question: true,
        dom: false,
        dow: true,
    };
}

fn value(s: &str, min: u32, max: u32, names: Names) -> Option<u32> {
    let n = match names {
        Names::Months => MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(s))
            .map(|i| i as u32 + 1),
        Names::Days => DAYS
            .iter()
            .position(|d| d.eq_ignore_ascii_case(s))
            .map(|i| i as u32 + 1),
        Names::None => None,
    };
    let n = match n {
        Some(n) => n,
        None if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => s.parse().ok()?,
        None => return None,
    };
    (min..=max).contains(&n).then_some(n)
}

fn field(
    name: &str,
    text: &str,
    min: u32,
    max: u32,
    names: Names,
    extras: Extras,
) -> Result<(), String> {
    let bad = |why: &str| Err(format!("cron {name} field '{text}': {why}"));
    let range = format!("values are {min} to {max}");
    if text == "?" {
        return if extras.question {
            Ok(())
        } else {
            bad("'?' is only allowed in day-of-month and day-of-week")
        };
    }
    if text == "*" {
        return Ok(());
    }
    if extras.dom && (text == "L" || text == "LW") {
        return Ok(());
    }
    for item in text.split(',') {
        if extras.dom {
            if let Some(day) = item.strip_suffix('W') {
                if value(day, min, max, names).is_none() {
                    return bad(&format!("'{item}': W follows a day of the month ({range})"));
                }
                continue;
            }
        }
        if extras.dow {
            if item == "L" {
                continue;
            }
            if let Some(day) = item.strip_suffix('L') {
                if value(day, min, max, names).is_none() {
                    return bad(&format!(
                        "'{item}': L follows a day of the week (1-7 or SUN-SAT)"
                    ));
                }
                continue;
            }
            if let Some((day, nth)) = item.split_once('#') {
                if value(day, min, max, names).is_none() || value(nth, 1, 5, Names::None).is_none()
                {
                    return bad(&format!("'{item}': use day#n with a day of the week (1-7 or SUN-SAT) and n from 1 to 5"));
                }
                continue;
            }
        }
        let (base, step) = match item.split_once('/') {
            Some((b, s)) => (b, Some(s)),
            None => (item, None),
        };
        if let Some(step) = step {
            if value(step, 1, max.max(1), Names::None).is_none() {
                return bad(&format!(
                    "'{item}': the increment after '/' must be a number from 1 to {max}"
                ));
            }
        }
        if base == "*" {
            if step.is_none() && text.contains(',') {
                return bad("'*' cannot be part of a list");
            }
            continue;
        }
        match base.split_once('-') {
            Some((a, b)) => {
                if value(a, min, max, names).is_none() || value(b, min, max, names).is_none() {
                    return bad(&format!("'{item}' is not a range within {min} to {max}"));
                }
            }
            None => {
                if value(base, min, max, names).is_none() {
                    let hint = match names {
                        Names::Months => " (or JAN-DEC)",
                        Names::Days => " (or SUN-SAT)",
                        Names::None => "",
                    };
                    return bad(&format!("'{base}' is not allowed; {range}{hint}"));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_cron_expressions_pass() {
        for ok in [
            "0 3 * * ? *",
            "0/15 * * * ? *",
            "0 18 ? * MON-FRI *",
            "0 8 1 * ? *",
            "5,35 14 * * ? *",
            "15 10 ? * 6L 2026-2030",
            "0 9 ? * 2#1 *",
            "0 12 L * ? *",
            "0 12 15W * ? *",
            "30 2 * JAN,JUL ? *",
        ] {
            assert_eq!(check_cron(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn invalid_cron_expressions_say_why() {
        for (bad, why) in [
            ("0 3 * * *", "has 5 fields"),
            ("60 3 * * ? *", "minutes field '60'"),
            ("0 24 * * ? *", "hours field '24'"),
            ("0 3 * * * *", "cannot both be given"),
            ("0 3 ? * ? *", "both '?'"),
            ("0 3 * 13 ? *", "month field '13'"),
            ("0 3 ? * 8 *", "day-of-week field '8'"),
            ("0 3 * * ? 1969", "year field '1969'"),
            ("? 3 * * ? *", "'?' is only allowed"),
            ("0 3 32W * ? *", "W follows"),
            ("0 3 ? * 2#6 *", "day#n"),
            ("0/0 3 * * ? *", "increment"),
        ] {
            let e = check_cron(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn rates_use_singular_for_one() {
        assert_eq!(rate_expression(1, "minute").unwrap(), "rate(1 minute)");
        assert_eq!(rate_expression(5, "minute").unwrap(), "rate(5 minutes)");
        assert!(rate_expression(0, "hour").is_err());
    }

    #[test]
    fn one_time_dates_are_checked() {
        assert!(check_at("2027-01-31T09:30:00").is_ok());
        assert!(check_at("2027-13-01T09:30:00").is_err());
        assert!(check_at("2027-01-01 09:30:00").is_err());
    }
}
