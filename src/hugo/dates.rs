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

/// `frontmatter` in the site config: where each of a page's four dates
/// comes from (`date`, `lastmod`, `publishDate`, `expiryDate`), each a list
/// of front matter keys and `:filename`, `:fileModTime`, `:git`, the first
/// found winning. Lower case, `:default` expanded and the aliases of a key
/// added after it (`publishdate` → `pubdate`, `published`), as Hugo does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateRules {
    /// `date`, `lastmod`, `publishdate`, `expirydate`, in the order Hugo applies them.
    pub chains: [Vec<String>; 4],
}

/// Hugo's lists when the config says nothing.
const DEFAULT_CHAINS: [&[&str]; 4] = [
    &["date", "publishdate", "lastmod"],
    &[":git", "lastmod", "date", "publishdate"],
    &["publishdate", "date"],
    &["expirydate"],
];

impl Default for DateRules {
    fn default() -> Self {
        DateRules::from_config(None)
    }
}

impl DateRules {
    /// The rules of the site config's `frontmatter` (keys in any case).
    pub(crate) fn from_config(fm: Option<&serde_json::Value>) -> DateRules {
        let names = ["date", "lastmod", "publishdate", "expirydate"];
        let chains = std::array::from_fn(|i| {
            let given: Option<Vec<String>> = fm
                .and_then(serde_json::Value::as_object)
                .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(names[i])))
                .map(|(_, v)| match v {
                    serde_json::Value::String(s) => vec![s.to_lowercase()],
                    serde_json::Value::Array(a) => a
                        .iter()
                        .filter_map(|x| x.as_str().map(str::to_lowercase))
                        .collect(),
                    _ => Vec::new(),
                });
            let default = || DEFAULT_CHAINS[i].iter().map(|s| s.to_string());
            let expanded: Vec<String> = match given {
                None => default().collect(),
                Some(list) => list
                    .into_iter()
                    .flat_map(|k| {
                        if k == ":default" {
                            default().collect::<Vec<_>>()
                        } else {
                            vec![k]
                        }
                    })
                    .collect(),
            };
            let mut out: Vec<String> = Vec::new();
            for k in expanded {
                let aliases: &[&str] = match k.as_str() {
                    "lastmod" => &["modified"],
                    "publishdate" => &["pubdate", "published"],
                    "expirydate" => &["unpublishdate"],
                    _ => &[],
                };
                for k in std::iter::once(k.as_str()).chain(aliases.iter().copied()) {
                    if !out.iter().any(|o| o == k) {
                        out.push(k.to_string());
                    }
                }
            }
            out
        });
        DateRules { chains }
    }

    /// Whether some list reads the date from the file name.
    pub(crate) fn reads_file_names(&self) -> bool {
        self.chains.iter().flatten().any(|k| k == ":filename")
    }
}

/// The date a file's base name (`ContentBaseName`: a bundle's folder name)
/// starts with, `YYYY-MM-DD` or `YYYY-MM-DD-HH-MM-SS`, and the slug the
/// rest gives (delimiters ` -_` trimmed). Hugo first takes an extension off
/// the name, so `2019-11-07-release-1.2` is read as `2019-11-07-release-1`.
pub(crate) fn from_file_name(base: &str) -> Option<(Date, &str)> {
    let base = match base.rfind('.') {
        Some(i) => &base[..i],
        None => base,
    };
    let head = base.get(..10)?;
    if !head.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    let date = Date::parse(head)?;
    let delimiters: &[char] = &[' ', '-', '_'];
    if let Some(time) = base.get(11..19) {
        let t = time.as_bytes();
        let two = |i: usize, max: u32| {
            time.get(i..i + 2)
                .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|s| s.parse::<u32>().ok())
                .is_some_and(|n| n <= max)
        };
        let timed = (t[2] == b'-' || t[2] == b':')
            && (t[5] == b'-' || t[5] == b':')
            && two(0, 23)
            && two(3, 59)
            && two(6, 59);
        if timed {
            return Some((date, base[19..].trim_matches(delimiters)));
        }
    }
    Some((date, base[10..].trim_matches(delimiters)))
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
    fn dates_in_file_names() {
        let d = |s| Date::parse(s);
        assert_eq!(
            from_file_name("2020-05-27-plain-name"),
            Some((d("2020-05-27").unwrap(), "plain-name"))
        );
        assert_eq!(
            from_file_name("2021-01-02-10-30-00-timed"),
            Some((d("2021-01-02").unwrap(), "timed"))
        );
        assert_eq!(
            from_file_name("2020-03-06_under_score"),
            Some((d("2020-03-06").unwrap(), "under_score"))
        );
        assert_eq!(
            from_file_name("2019-11-07-Version-1.2-Sets-Sail"),
            Some((d("2019-11-07").unwrap(), "Version-1"))
        );
        assert_eq!(
            from_file_name("2020-03-05"),
            Some((d("2020-03-05").unwrap(), ""))
        );
        assert_eq!(from_file_name("2020-13-40-bad"), None);
        assert_eq!(from_file_name("notes"), None);
    }

    #[test]
    fn date_rules_from_the_config() {
        let r = DateRules::default();
        assert_eq!(
            r.chains[0],
            [
                "date",
                "publishdate",
                "pubdate",
                "published",
                "lastmod",
                "modified"
            ]
        );
        assert!(!r.reads_file_names());
        let r = DateRules::from_config(Some(
            &serde_json::json!({"Date": [":fileName", ":default"], "expiryDate": "gone"}),
        ));
        assert_eq!(r.chains[0][..2], [":filename", "date"]);
        assert_eq!(r.chains[3], ["gone"]);
        assert!(r.reads_file_names());
    }

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
