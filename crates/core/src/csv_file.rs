//! Reading the CSV files schools hand us (a directory, a timetable): a header naming the
//! columns in any order, then rows checked one by one, every bad row reported with its line
//! number so the whole file can be fixed at once.

use crate::import::{error, LineError};
use std::collections::HashMap;

/// One record, read by column name.
pub(crate) struct Fields<'a> {
    positions: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl Fields<'_> {
    /// The (trimmed) value of `name`, empty when the column is missing from this row.
    pub(crate) fn get(&self, name: &str) -> &str {
        self.positions
            .get(name)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
    }
}

/// Reads `text` whose header must name every one of `columns` (in any order, any case), and
/// parses each of at most `max_rows` rows with `parse_row`. The header's errors end the read;
/// a row's errors are collected beside the good rows.
pub(crate) fn read_rows<T>(
    text: &str,
    columns: &[&str],
    max_rows: usize,
    mut parse_row: impl FnMut(usize, &Fields<'_>) -> Result<T, LineError>,
) -> Result<(Vec<T>, Vec<LineError>), Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let positions = header_positions(&mut reader, columns)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(index + 2, |p| p.line() as usize);
        if index >= max_rows {
            errors.push(error(line, format!("a file holds at most {max_rows} rows")));
            break;
        }
        let result = record
            .map_err(|e| error(line, format!("unreadable row: {e}")))
            .and_then(|record| {
                parse_row(
                    line,
                    &Fields {
                        positions: &positions,
                        record: &record,
                    },
                )
            });
        match result {
            Ok(row) => rows.push(row),
            Err(e) => errors.push(e),
        }
    }
    Ok((rows, errors))
}

/// The rows when there are no errors and at least one row; otherwise every error, by line.
pub(crate) fn all_or_errors<T>(
    rows: Vec<T>,
    mut errors: Vec<LineError>,
) -> Result<Vec<T>, Vec<LineError>> {
    if rows.is_empty() && errors.is_empty() {
        errors.push(error(0, "the file has no rows"));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn header_positions(
    reader: &mut csv::Reader<&[u8]>,
    columns: &[&str],
) -> Result<HashMap<String, usize>, Vec<LineError>> {
    let headers = reader
        .headers()
        .map_err(|e| vec![error(1, format!("unreadable header: {e}"))])?;
    let positions: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim_start_matches('\u{feff}').to_ascii_lowercase(), i))
        .collect();
    let missing: Vec<&str> = columns
        .iter()
        .copied()
        .filter(|c| !positions.contains_key(*c))
        .collect();
    if missing.is_empty() {
        Ok(positions)
    } else {
        Err(vec![error(
            1,
            format!(
                "missing columns: {} (expected {})",
                missing.join(", "),
                columns.join(",")
            ),
        )])
    }
}
