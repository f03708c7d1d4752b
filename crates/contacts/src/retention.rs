//! How long personal data is kept. A person's record is purged (erased as
//! on request: nothing identifying stays, links and counts do) when
//! nothing has tied them to the Centre for the retention period: the
//! record was not changed, they hold no post and left none, and no
//! interaction with them was logged since the cutoff.

use time::Date;

/// Years a person's data is kept after the last sign of a working
/// relationship, unless the desk is told otherwise.
pub const DEFAULT_RETENTION_YEARS: u16 = 5;

/// The day before which a sign of activity no longer keeps a record:
/// `today`, `years` earlier (29 February gives 28 February).
pub fn retention_cutoff(today: Date, years: u16) -> Date {
    let year = today.year() - i32::from(years);
    Date::from_calendar_date(year, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(year, today.month(), today.day() - 1))
        .unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_cutoff_is_the_same_day_years_before() {
        assert_eq!(
            retention_cutoff(date!(2026 - 12 - 07), 5),
            date!(2021 - 12 - 07)
        );
        assert_eq!(
            retention_cutoff(date!(2028 - 02 - 29), 1),
            date!(2027 - 02 - 28)
        );
        assert_eq!(
            retention_cutoff(date!(2026 - 12 - 07), 0),
            date!(2026 - 12 - 07)
        );
        assert_eq!(retention_cutoff(date!(2026 - 12 - 07), u16::MAX), Date::MIN);
    }
}
