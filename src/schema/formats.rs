//! Format checks that treat dates as real calendar dates.

/// `YYYY-MM-DD`, a day that exists (`2025-02-30` fails).
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10]))
    else {
        return false;
    };
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// RFC 3339 date-time: `2025-10-31T14:01:14Z`, `2025-10-31T14:01:14.5+01:00`.
pub(crate) fn is_date_time(s: &str) -> bool {
    if s.len() < 20 || !s.is_char_boundary(10) {
        return false;
    }
    let (date, rest) = s.split_at(10);
    if !is_date(date) {
        return false;
    }
    let rest = match rest.strip_prefix(['T', 't', ' ']) {
        Some(r) => r,
        None => return false,
    };
    let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => return false,
    };
    is_time(time) && is_offset(offset)
}

fn is_time(t: &str) -> bool {
    let (hms, frac) = match t.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (t, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let parts: Vec<&str> = hms.split(':').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.len() != 2) {
        return false;
    }
    matches!((digits(parts[0]), digits(parts[1]), digits(parts[2])), (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s <= 60)
}

fn is_offset(o: &str) -> bool {
    if o == "Z" || o == "z" {
        return true;
    }
    let b = o.as_bytes();
    b.len() == 6
        && (b[0] == b'+' || b[0] == b'-')
        && b[3] == b':'
        && matches!((digits(&o[1..3]), digits(&o[4..6])), (Some(h), Some(m)) if h < 24 && m < 60)
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2025-06-03"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2025-02-29"));
        assert!(!is_date("2025-02-30"));
        assert!(!is_date("2025-13-01"));
        assert!(!is_date("2025-6-3"));
    }

    #[test]
    fn date_times() {
        assert!(is_date_time("2025-10-31T14:01:14Z"));
        assert!(is_date_time("2025-10-31T14:01:14.123+01:00"));
        assert!(!is_date_time("2025-10-31T25:01:14Z"));
        assert!(!is_date_time("2025-02-30T14:01:14Z"));
        assert!(!is_date_time("2025-10-31T14:01:14"));
        assert!(!is_date_time("2025-10-31"));
    }
}
