//! The library's error type.
//!
//! Every variant carries enough to tell the user what went wrong and what to do
//! next; the binary adds the file name and maps every variant to exit code 2.

use thiserror::Error;

/// Why a file could not be cleaned.
#[derive(Debug, Error)]
pub enum Error {
    /// The bytes look like a binary file (a NUL byte outside UTF-16 text, or a
    /// NUL character in any encoding).
    #[error("{}", binary_message(*offset, *encoding))]
    Binary {
        /// Byte offset of the first NUL byte (in UTF-16, of the NUL character).
        offset: usize,
        /// The encoding the text was read in when that was settled before the
        /// NUL was found (a byte order mark, `--encoding`).
        encoding: Option<&'static str>,
    },
    /// The bytes are a compressed file (known by its first bytes), not text.
    #[error(
        "holds {format}-compressed data, not text; decompress it first (a gzip JSONL stream is read as \
         it is with --jsonl)"
    )]
    Compressed {
        /// The format: `gzip`, `zstd`, `bzip2`, `xz` or `zip`.
        format: &'static str,
    },
    /// `--encoding` named a label that encoding_rs does not know.
    #[error(
        "unknown encoding label '{0}'; use a WHATWG label such as utf-8, windows-1252, \
         windows-1256, iso-8859-1, shift_jis, gbk or utf-16le"
    )]
    UnknownEncoding(String),
}

/// What [`Error::Binary`] says: where the NUL is and, when no encoding was
/// settled, the UTF-16 way out.
fn binary_message(offset: usize, encoding: Option<&str>) -> String {
    match encoding {
        Some(enc) => format!(
            "looks like a binary file (a NUL character at byte offset {offset}, read as {enc}); \
             copydesk cleans text"
        ),
        None => format!(
            "looks like a binary file (NUL byte at offset {offset}); copydesk cleans text. \
             If this is UTF-16 text without a byte order mark, pass --encoding utf-16le or utf-16be"
        ),
    }
}
