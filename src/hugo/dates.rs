//! The calendar parts of a front matter date, as Hugo's permalink tokens need them.
//!
//! Hugo keeps a date's own time zone, so the calendar fields are the ones
//! written in the string; only the date part is read.

/// A calendar date. The zero value is Go's zero time, 0001-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub(crate) const ZERO: Date = Date {
    year: 1,
    month: 1,
    day: 1,
};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

impl Date {
    /// Parse the leading `YYYY-MM-DD` of a date or date-time string.
    pub(crate) fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = s.get(0..4)?.parse().ok()?;
        let month: u32 = s.get(5..7)?.parse().ok()?;
        let day: u32 = s.get(8..10)?.parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        Some(Date { year, month, day })
    }

    fn days_from_civil(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// 0 = Sunday.
    pub(crate) fn weekday(self) -> u32 {
        (self.days_from_civil() + 4).rem_euclid(7) as u32
    }

    pub(crate) fn yearday(self) -> u32 {
        (1..self.month)
            .map(|m| days_in_month(self.year, m))
            .sum::<u32>()
            + self.day
    }

    pub(crate) fn month_name(self) -> &'static str {
        MONTHS[(self.month - 1) as usize]
    }

    pub(crate) fn weekday_name(self) -> &'static str {
        WEEKDAYS[self.weekday() as usize]
    }

    /// Go's `time.Format` for the date-only parts of a layout; time parts are zero.
    pub(crate) fn go_format(self, layout: &str) -> String {
        const CHUNKS: &[&str] = &[
            "January", "Monday", "2006", "Jan", "Mon", "002", "_2", "01", "02", "06", "15", "03",
            "04", "05", "PM", "pm", "1", "2", "3", "4", "5",
        ];
        let mut out = String::new();
        let mut rest = layout;
        'outer: while !rest.is_empty() {
            for c in CHUNKS {
                if let Some(r) = rest.strip_prefix(c) {
                    out.push_str(&match *c {
                        "January" => self.month_name().to_string(),
                        "Monday" => self.weekday_name().to_string(),
                        "2006" => format!("{:04}", self.year),
                        "Jan" => self.month_name()[..3].to_string(),
                        "Mon" => self.weekday_name()[..3].to_string(),
                        "002" => format!("{:03}", self.yearday()),
                        "_2" => format!("{:>2}", self.day),
                        "01" => format!("{:02}", self.month),
                        "02" => format!("{:02}", self.day),
                        "06" => format!("{:02}", self.year % 100),
                        "15" | "04" | "05" => "00".into(),
                        "03" => "12".into(),
                        "PM" => "AM".into(),
                        "pm" => "am".into(),
                        "1" => self.month.to_string(),
                        "2" => self.day.to_string(),
                        "3" => "12".into(),
                        _ => "0".into(),
                    });
                    rest = r;
                    continue 'outer;
                }
            }
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        let d = Date::parse("2023-12-31").unwrap();
        assert_eq!(
            (d.weekday(), d.yearday(), d.month_name()),
            (0, 365, "December")
        );
        let d = Date::parse("2023-06-05T10:00:00+02:00").unwrap();
        assert_eq!((d.weekday(), d.yearday()), (1, 156));
        assert_eq!(ZERO.weekday(), 1);
        assert_eq!(Date::parse("2024-02-30"), None);
        assert_eq!(
            Date::parse("2024-02-29")
                .unwrap()
                .go_format("2006-01-02 Jan"),
            "2024-02-29 Feb"
        );
    }
}
