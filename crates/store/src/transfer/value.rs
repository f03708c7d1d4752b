//! Values as they travel between the backends, and the canonical text
//! form whose SHA-256 is a table's checksum.
//!
//! A column's [`ColType`] comes from PostgreSQL's schema when one side of
//! a copy is PostgreSQL (SQLite's declared types do not tell a time stored
//! as text from any other text), from SQLite's declared types otherwise.
//! Both sides of a copy read their rows with the same types, so equal
//! desks give equal checksums whatever backend they live on.

use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime, UtcOffset};

use crate::sqlite::codec::{date_to_text, time_to_text};

/// What a column holds, as far as copying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColType {
    /// PostgreSQL `INTEGER` (32-bit).
    Int32,
    /// PostgreSQL `BIGINT`, any SQLite `INTEGER`.
    Int64,
    Bool,
    Text,
    Bytes,
    /// PostgreSQL `TIMESTAMPTZ`; SQLite text `2026-01-31T09:30:00.000000Z`.
    Time,
    /// PostgreSQL `DATE`; SQLite text `2026-01-31`.
    Date,
}

impl ColType {
    /// From `information_schema.columns.data_type`; `None` for a type no
    /// southdesk table uses.
    pub(crate) fn from_postgres(data_type: &str) -> Option<ColType> {
        Some(match data_type {
            "smallint" | "integer" => ColType::Int32,
            "bigint" => ColType::Int64,
            "boolean" => ColType::Bool,
            "text" | "character varying" | "character" => ColType::Text,
            "bytea" => ColType::Bytes,
            "timestamp with time zone" => ColType::Time,
            "date" => ColType::Date,
            _ => return None,
        })
    }

    /// From a SQLite declared type, by SQLite's own affinity rules (and
    /// `BOOLEAN`, which southdesk stores as 0 or 1).
    pub(crate) fn from_sqlite(declared: &str) -> ColType {
        let d = declared.to_ascii_uppercase();
        if d.contains("INT") {
            ColType::Int64
        } else if d.contains("BOOL") {
            ColType::Bool
        } else if d.contains("BLOB") {
            ColType::Bytes
        } else {
            ColType::Text
        }
    }

    pub(crate) fn is_text(self) -> bool {
        self == ColType::Text
    }
}

/// One value of one row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
    Time(OffsetDateTime),
    Date(Date),
}

impl Value {
    /// Roughly how many bytes the value takes, to bound a batch.
    pub(crate) fn weight(&self) -> usize {
        match self {
            Value::Text(s) => s.len() + 8,
            Value::Bytes(b) => b.len() + 8,
            _ => 8,
        }
    }

    /// The value as a row is named in messages (`id=12`).
    pub(crate) fn describe(&self) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Text(s) if s.chars().count() > 40 => {
                format!("{:?}…", s.chars().take(40).collect::<String>())
            }
            Value::Text(s) => format!("{s:?}"),
            Value::Bytes(b) => format!("<{} bytes>", b.len()),
            Value::Time(t) => time_to_text(*t),
            Value::Date(d) => date_to_text(*d),
        }
    }
}

/// A time in UTC, to the microsecond: what both backends keep.
pub(crate) fn to_micros(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(UtcOffset::UTC);
    t.replace_nanosecond(t.microsecond() * 1000)
        .expect("a whole number of microseconds is a valid nanosecond")
}

/// The rows of a table in canonical text form, hashed as they come.
///
/// Each value is written with a tag and, for text and bytes, its length,
/// so that no two different rows write the same text: `N;` (NULL),
/// `I42;` (any integer), `B1;`, `S5:hello;`, `X3:…;` (raw bytes),
/// `T2026-01-31T09:30:00.000000Z;` (UTC, microseconds), `D2026-01-31;`,
/// and a newline after each row.
pub(crate) struct Checksum {
    hasher: Sha256,
    rows: u64,
}

impl Checksum {
    pub(crate) fn new() -> Checksum {
        Checksum {
            hasher: Sha256::new(),
            rows: 0,
        }
    }

    pub(crate) fn row(&mut self, row: &[Value]) {
        for v in row {
            match v {
                Value::Null => self.hasher.update(b"N;"),
                Value::Int(i) => self.hasher.update(format!("I{i};")),
                Value::Bool(b) => self.hasher.update(if *b { "B1;" } else { "B0;" }),
                Value::Text(s) => {
                    self.hasher.update(format!("S{}:", s.len()));
                    self.hasher.update(s.as_bytes());
                    self.hasher.update(b";");
                }
                Value::Bytes(b) => {
                    self.hasher.update(format!("X{}:", b.len()));
                    self.hasher.update(b);
                    self.hasher.update(b";");
                }
                Value::Time(t) => {
                    self.hasher
                        .update(format!("T{};", time_to_text(to_micros(*t))));
                }
                Value::Date(d) => self.hasher.update(format!("D{};", date_to_text(*d))),
            }
        }
        self.hasher.update(b"\n");
        self.rows += 1;
    }

    /// The number of rows and the SHA-256 (hex) of their text.
    pub(crate) fn finish(self) -> (u64, String) {
        let digest = self.hasher.finalize();
        let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
        (self.rows, hex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(rows: &[Vec<Value>]) -> String {
        let mut c = Checksum::new();
        for r in rows {
            c.row(r);
        }
        c.finish().1
    }

    #[test]
    fn checksums_tell_rows_apart_and_normalise_times() {
        let t = time::macros::datetime!(2026-01-31 10:30:00.123456789 +01:00);
        let same = time::macros::datetime!(2026-01-31 09:30:00.123456 UTC);
        assert_eq!(
            sum(&[vec![Value::Time(t)]]),
            sum(&[vec![Value::Time(same)]])
        );
        // Shifting text between values, or values between rows, changes the sum.
        let ab = sum(&[vec![Value::Text("a".into()), Value::Text("b".into())]]);
        let a_b = sum(&[vec![Value::Text("a;S1:b".into())]]);
        assert_ne!(ab, a_b);
        let one_row = sum(&[vec![Value::Int(1), Value::Int(2)]]);
        let two_rows = sum(&[vec![Value::Int(1)], vec![Value::Int(2)]]);
        assert_ne!(one_row, two_rows);
        assert_ne!(
            sum(&[vec![Value::Null]]),
            sum(&[vec![Value::Text(String::new())]])
        );
        assert_ne!(
            sum(&[vec![Value::Text("x".into())]]),
            sum(&[vec![Value::Bytes(b"x".to_vec())]])
        );
    }

    #[test]
    fn column_types_are_read_from_both_schemas() {
        assert_eq!(ColType::from_postgres("integer"), Some(ColType::Int32));
        assert_eq!(
            ColType::from_postgres("timestamp with time zone"),
            Some(ColType::Time)
        );
        assert_eq!(ColType::from_postgres("jsonb"), None);
        assert_eq!(ColType::from_sqlite("INTEGER"), ColType::Int64);
        assert_eq!(ColType::from_sqlite("BOOLEAN"), ColType::Bool);
        assert_eq!(ColType::from_sqlite("BLOB"), ColType::Bytes);
        assert_eq!(ColType::from_sqlite("TEXT"), ColType::Text);
    }
}
