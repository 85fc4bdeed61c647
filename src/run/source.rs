//! Where documents come from: one file or standard input, the files of a
//! walk (see `files`), a JSONL stream (plain or gzip). Each reader names its
//! input in its errors and says what to do; a file that cannot be read or is
//! not text is a [`Problem`] of that file, never the end of a run.

use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::files::Target;

/// Why a file of a run gives no document: skipped (a binary file met in a
/// walk, with a note) or failed (with the error).
#[derive(Debug)]
pub enum Problem {
    /// Passed over, with the note that says so.
    Skipped(String),
    /// Could not be read, decoded or configured.
    Failed(String),
}

/// The bytes of a file of a run.
pub fn read_target(t: &Target) -> Result<Vec<u8>, Problem> {
    std::fs::read(&t.path).map_err(|e| {
        Problem::Failed(format!(
            "{}: cannot read the file ({e}); check its permissions",
            t.display
        ))
    })
}

/// What a library error makes of a file of a run: a binary or compressed
/// file met in a walk is skipped; named on the command line (`explicit`),
/// or any other error, it failed.
pub fn problem(t: &Target, e: copydesk::Error, explicit_fails: bool) -> Problem {
    match e {
        copydesk::Error::Binary { .. } | copydesk::Error::Compressed { .. }
            if !(explicit_fails && t.explicit) =>
        {
            Problem::Skipped(format!("{}: skipped, binary file", t.display))
        }
        e => Problem::Failed(format!("{}: {e}", t.display)),
    }
}

/// The bytes of the one input of `clean` (`-` is standard input).
pub fn read_input(input: &str) -> Result<Vec<u8>> {
    if input == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .read_to_end(&mut buf)
            .context("<stdin>: cannot read standard input")?;
        return Ok(buf);
    }
    let path = Path::new(input);
    if path.is_dir() {
        bail!("{input}: is a directory; give a file (or `-` for standard input)");
    }
    std::fs::read(path).with_context(|| {
        format!("{input}: cannot read the file; check the path and its permissions")
    })
}

/// A JSONL input (`-` is standard input), decompressed as it is read when
/// it is gzip (found by its first bytes, whatever its name: crawls are most
/// often stored as `.jsonl.gz`, and a file can be read twice, to learn and to
/// clean, where `zcat` could feed it only once).
pub fn open_input(input: &str) -> Result<Box<dyn io::BufRead>> {
    let raw: Box<dyn io::Read> = if input == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(input).with_context(|| {
            format!("{input}: cannot read the file; check the path and its permissions")
        })?)
    };
    let mut reader = io::BufReader::with_capacity(1 << 20, raw);
    if is_gzip(&mut reader).with_context(|| format!("{input}: cannot read the stream"))? {
        let decoder = flate2::bufread::MultiGzDecoder::new(reader);
        return Ok(Box::new(io::BufReader::with_capacity(1 << 20, decoder)));
    }
    Ok(Box::new(reader))
}

/// Does the stream start as gzip does (`1f 8b`)? No JSON text can.
fn is_gzip(reader: &mut dyn io::BufRead) -> io::Result<bool> {
    Ok(reader.fill_buf()?.starts_with(&[0x1f, 0x8b]))
}

/// Does the file at `path` start as gzip does? (False when it cannot be
/// read: opening it says why.)
pub fn file_is_gzip(path: &str) -> bool {
    let mut head = [0u8; 2];
    std::fs::File::open(path)
        .and_then(|mut f| io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| head == [0x1f, 0x8b])
}

/// Is an output named to be gzip (`out.jsonl.gz`)?
pub fn is_gz_name(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}
