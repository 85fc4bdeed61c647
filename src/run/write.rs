//! The one place copydesk writes files: the cleaned text, a report, a
//! profile, a cleaned stream, a mirrored folder's files, a fixed file.
//!
//! Every write here is atomic: the bytes go to a temporary file beside the
//! destination, named `.copydesk-NAME.tmpXXXXXX`, which is flushed and
//! renamed over the destination once complete, so a reader never sees half a
//! file and a failure leaves the original as it was. The temporary files of a
//! run are registered while they exist; SIGINT, SIGTERM and SIGHUP remove them
//! before the process dies ([`remove_temporaries_on_signal`]). Only `kill -9`
//! (or a crash of the machine) can leave one behind, and its name says what
//! it is.
//!
//! A [`Guard`] holds a run's inputs and the outputs it has claimed, and
//! refuses an output that is one of the inputs (by file identity, so that
//! `./a.txt`, a symbolic link and a hard link are all caught) or that another
//! output of the run already names. It does not decide what to write: the
//! commands do.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Result, anyhow, bail};

/// What identifies a file whatever the path it is reached by: the device and
/// the inode on Unix (hard links share them), the canonical path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl FileId {
    /// The identity of the file at `path` (through symbolic links), if it
    /// exists.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        Self::from_metadata(path, &meta)
    }

    /// The identity of the file behind standard input, when it is a regular
    /// file (`copydesk clean - < a.txt`).
    pub fn of_stdin() -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
            let meta = std::fs::File::from(fd).metadata().ok()?;
            meta.is_file()
                .then(|| Self::from_metadata(Path::new("-"), &meta))
                .flatten()
        }
        #[cfg(not(unix))]
        None
    }

    #[allow(unused_variables)]
    fn from_metadata(path: &Path, meta: &std::fs::Metadata) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId((meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        std::fs::canonicalize(path).ok().map(FileId)
    }
}

/// Where an output will land: a file that exists (by identity), a new file
/// (by its folder's canonical path and its name), or standard output.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Destination {
    Existing(FileId),
    New(PathBuf),
    Stdout,
}

impl Destination {
    fn of(path: &Path) -> Destination {
        if path == Path::new("-") {
            return Destination::Stdout;
        }
        if let Some(id) = FileId::of(path) {
            return Destination::Existing(id);
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        Destination::New(match path.file_name() {
            Some(name) => dir.join(name),
            None => dir,
        })
    }
}

/// A run's inputs and the outputs it has claimed so far.
#[derive(Debug, Default)]
pub struct Guard {
    inputs: Vec<(FileId, String)>,
    outputs: Vec<(Destination, String)>,
}

impl Guard {
    /// An empty guard.
    pub fn new() -> Guard {
        Guard::default()
    }

    /// Record an input of the run (`-` is standard input, recorded when it
    /// is a redirected file). An input that cannot be looked at is not
    /// recorded: reading it fails and says why.
    pub fn input(&mut self, input: &str) {
        if input == "-" {
            if let Some(id) = FileId::of_stdin() {
                self.inputs.push((id, "<stdin>".to_string()));
            }
        } else {
            self.input_file(Path::new(input), input);
        }
    }

    /// Record an input file of the run, shown as `shown`.
    pub fn input_file(&mut self, path: &Path, shown: &str) {
        if let Some(id) = FileId::of(path) {
            self.inputs.push((id, shown.to_string()));
        }
    }

    /// Would `path` be claimed as an existing file? (Only then can it be
    /// one of many inputs, which need not be recorded otherwise.)
    pub fn exists(path: &Path) -> bool {
        path != Path::new("-") && FileId::of(path).is_some()
    }

    /// Claim `path` as the output named `what` ("the cleaned text (-o)",
    /// "the report (--report)"). Refused when it is an input of the run, or
    /// another output of the run: nothing has been written then.
    pub fn claim(&mut self, path: &Path, what: &str) -> Result<()> {
        let dest = Destination::of(path);
        if let Destination::Existing(id) = &dest
            && let Some((_, input)) = self.inputs.iter().find(|(i, _)| i == id)
        {
            let same = if Path::new(input) == path {
                String::new()
            } else {
                format!(" ({input}, the same file by another name)")
            };
            bail!(
                "{}: is the input{same}, and copydesk never writes over its input; write {what} \
                 to another file, or clean files in place with `copydesk fix`",
                path.display()
            );
        }
        if dest != Destination::Stdout
            && let Some((_, other)) = self.outputs.iter().find(|(d, _)| *d == dest)
        {
            bail!(
                "{}: named for both {other} and {what}; give each its own file",
                path.display()
            );
        }
        self.outputs.push((dest, what.to_string()));
        Ok(())
    }
}

/// The temporary files that exist now, for [`remove_temporaries_on_signal`].
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn registered() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner())
}

/// On SIGINT, SIGTERM or SIGHUP (a closed terminal), remove the temporary
/// files being written, then die of the signal as if copydesk had not caught
/// it (so the shell sees the usual status, 130, 143 or 129). The destinations are untouched: each is the
/// original, or the finished output of an earlier rename. Call once, first.
pub fn remove_temporaries_on_signal() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                for path in registered().drain(..) {
                    let _ = std::fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    }
}

/// The prefix of a temporary file for `path`: `.copydesk-NAME.tmp`, the
/// name cut (at a character) so that the whole stays within a file name's
/// 255 bytes.
fn temporary_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".copydesk-{}.tmp", &name[..cut])
}

/// How an output file is written.
pub enum OutputTarget {
    /// A regular file, or a new one: written beside it and renamed over this
    /// path (a symbolic link's target, so that the link stays).
    Replace(PathBuf),
    /// A device, a pipe, or a path that leads through `/proc` (`/dev/null`,
    /// `/dev/stdout`): written as it is, never replaced by a file.
    Direct,
}

/// How the output at `path` must be written.
pub fn output_target(path: &Path) -> OutputTarget {
    // `/dev/stdout`, `/dev/fd/1` and `/proc/self/fd/1` lead through `/proc`
    // to whatever standard output is (a terminal, a pipe, the file a shell
    // redirected it to): they are written, never replaced.
    // Looked at by name and one link, not resolved: this runs for every file
    // an output folder receives.
    let in_proc = |p: &Path| p.starts_with("/proc") || p.starts_with("/dev/fd");
    if in_proc(path) {
        return OutputTarget::Direct;
    }
    // One look at the path itself, which for a new output file (the common
    // case) is all it takes.
    let device = |m: &std::fs::Metadata| !m.is_file() && !m.is_dir();
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            if std::fs::read_link(path).is_ok_and(|t| in_proc(&t)) {
                return OutputTarget::Direct;
            }
            // A dangling link has nothing behind it to keep: it is replaced.
            let followed = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            match std::fs::metadata(&followed) {
                Ok(m) if device(&m) => OutputTarget::Direct,
                _ => OutputTarget::Replace(followed),
            }
        }
        // A device, a pipe or a socket.
        Ok(m) if device(&m) => OutputTarget::Direct,
        _ => OutputTarget::Replace(path.to_path_buf()),
    }
}

/// Why a write left a file alone: nobody may write it (no write permission
/// bit is set), which copydesk takes as a wish, even where the rename that
/// replaces files would be allowed.
#[derive(Debug)]
pub struct ReadOnly;

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "the file is read-only, so copydesk leaves it as it is; make it writable \
             (chmod u+w) to let copydesk replace it",
        )
    }
}

impl std::error::Error for ReadOnly {}

/// What to do about a failed write, by its cause.
fn advice(e: &anyhow::Error) -> &'static str {
    let kind = e
        .chain()
        .find_map(|c| c.downcast_ref::<io::Error>())
        .map(io::Error::kind);
    match kind {
        Some(io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded) => {
            "the disk is full; free some space (or write elsewhere) and run again"
        }
        Some(io::ErrorKind::IsADirectory) => {
            "it is a folder; name a file, or pass --out-dir to clean into a folder"
        }
        Some(io::ErrorKind::ReadOnlyFilesystem) => "the file system is read-only; write elsewhere",
        Some(io::ErrorKind::PermissionDenied) => "check that its folder is writable",
        _ => "check that its folder exists and is writable",
    }
}

/// The error of a failed write of `path`: what was not written, why, and
/// what to do.
pub fn write_error(e: anyhow::Error, path: &str, what: &str) -> anyhow::Error {
    if e.is::<ReadOnly>() {
        return e.context(format!("{path}: {what} not written"));
    }
    if e.is::<Refused>() {
        return e;
    }
    let advice = advice(&e);
    e.context(format!("{path}: cannot write {what}; {advice}"))
}

/// The error of a failed write to standard output: named as such, with
/// what to do (a broken pipe stays what it is: the run ends quietly).
pub fn stdout_error(e: io::Error, what: &str) -> anyhow::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return e.into();
    }
    let advice = match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "the disk behind it is full; free some space, or write to another disk with -o FILE"
        }
        _ => "check where standard output goes, or write to a file with -o FILE",
    };
    anyhow!(e).context(format!(
        "<stdout>: cannot write {what} to standard output; {advice}"
    ))
}

/// A refusal already worded for the user (the path and what to do).
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// Write `bytes` over `path` atomically, flushed to disk first (see
/// [`write_streamed`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_streamed(path, true, &mut |w| w.write_all(bytes))
}

/// Write an output named on the command line: `-` is standard output, any
/// other path is written as [`write_streamed`] writes it.
pub fn write_output(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    if path == Path::new("-") {
        let mut out = io::BufWriter::new(io::stdout().lock());
        write(&mut out)?;
        out.flush()?;
        return Ok(());
    }
    write_streamed(path, true, write)
}

/// Write what `write` writes (buffered) to a temporary file beside `path`,
/// flush it to disk if `durable` (where an original could otherwise be
/// lost; a new file under an output folder needs only the rename) and rename
/// it over `path`, keeping the permissions of the file it replaces. Only a
/// regular file is replaced so: a symbolic link is followed (the link
/// stays), and a device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is
/// written to as it is, never replaced by a file.
pub fn write_streamed(
    path: &Path,
    durable: bool,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let mut w = Output::create(path)?;
    write(&mut w)?;
    w.finish(durable)
}

/// An output being written: a [`Replacement`], or a device written as it is.
pub enum Output {
    /// A file that will replace the destination.
    Replace(io::BufWriter<Replacement>),
    /// A device or a pipe.
    Direct(io::BufWriter<std::fs::File>),
}

impl Output {
    /// Start writing `path` (see [`write_streamed`]).
    pub fn create(path: &Path) -> Result<Output> {
        Ok(match output_target(path) {
            OutputTarget::Direct => Output::Direct(io::BufWriter::with_capacity(
                1 << 16,
                std::fs::OpenOptions::new().write(true).open(path)?,
            )),
            OutputTarget::Replace(p) => {
                Output::Replace(io::BufWriter::with_capacity(1 << 16, Replacement::new(&p)?))
            }
        })
    }

    /// Put the finished output in place.
    pub fn finish(self, durable: bool) -> Result<()> {
        match self {
            Output::Direct(mut w) => {
                w.flush()?;
                Ok(())
            }
            Output::Replace(w) => w.into_inner().map_err(|e| e.into_error())?.persist(durable),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Replace(w) => w.write(buf),
            Output::Direct(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Replace(w) => w.write_all(buf),
            Output::Direct(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Replace(w) => w.flush(),
            Output::Direct(w) => w.flush(),
        }
    }
}

/// A file that will replace `path` (or create it), written beside it as
/// `.copydesk-NAME.tmpXXXXXX` and renamed over it once complete. A new file
/// gets the mode any program's new file gets (0666 less the umask), not the
/// owner-only mode of a temporary file; a replaced file keeps its mode; a
/// read-only file is refused ([`ReadOnly`]). Dropped unfinished, the
/// temporary file is removed.
pub struct Replacement {
    tmp: Option<tempfile::NamedTempFile>,
    keep: Option<std::fs::Permissions>,
    path: PathBuf,
}

impl Replacement {
    /// Start the file that will replace `path`.
    pub fn new(path: &Path) -> Result<Replacement> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let keep = std::fs::metadata(path).ok().map(|m| m.permissions());
        if keep.as_ref().is_some_and(std::fs::Permissions::readonly) {
            return Err(ReadOnly.into());
        }
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(io::Error::from(io::ErrorKind::IsADirectory).into());
        }
        let prefix = temporary_prefix(path);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(6);
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        // The error names the temporary file ("at path dir/.copydesk-..."),
        // which the user never asked for: only its cause is kept.
        let tmp = builder.tempfile_in(dir).map_err(|e| {
            let shown = e.to_string();
            match shown.rfind(" at path \"") {
                Some(at) => io::Error::new(e.kind(), &shown[..at]),
                None => e,
            }
        })?;
        registered().push(tmp.path().to_path_buf());
        Ok(Replacement {
            tmp: Some(tmp),
            keep,
            path: path.to_path_buf(),
        })
    }

    fn file(&mut self) -> &mut std::fs::File {
        self.tmp
            .as_mut()
            .expect("a replacement is written until it is persisted")
            .as_file_mut()
    }

    /// Rename the finished file over its path, flushed to disk first if
    /// `durable` (where an original could otherwise be lost).
    pub fn persist(mut self, durable: bool) -> Result<()> {
        let tmp = self.tmp.take().expect("a replacement is persisted once");
        let tmp_path = tmp.path().to_path_buf();
        let result = (|| -> Result<()> {
            if durable {
                tmp.as_file().sync_all()?;
            }
            if let Some(mode) = &self.keep {
                std::fs::set_permissions(tmp.path(), mode.clone())?;
            }
            tmp.persist(&self.path).map_err(|e| e.error)?;
            Ok(())
        })();
        registered().retain(|p| *p != tmp_path);
        result
    }
}

impl Drop for Replacement {
    fn drop(&mut self) {
        // Unfinished: the temporary file goes with `tmp`.
        if let Some(tmp) = self.tmp.take() {
            let path = tmp.path().to_path_buf();
            drop(tmp);
            registered().retain(|p| *p != path);
        }
    }
}

impl Write for Replacement {
    // The file itself, not `NamedTempFile`, whose errors name the temporary
    // path instead of the user's file.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_is_named_after_its_destination_and_fits_a_file_name() {
        assert_eq!(
            temporary_prefix(Path::new("out/a.txt")),
            ".copydesk-a.txt.tmp"
        );
        let long = "é".repeat(200);
        let prefix = temporary_prefix(Path::new(&long));
        assert!(prefix.len() <= 220, "{}", prefix.len());
        assert!(prefix.starts_with(".copydesk-é"));
    }

    #[test]
    fn an_unfinished_replacement_leaves_no_file_and_no_registration() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("a.txt");
        let mut r = Replacement::new(&dest).unwrap();
        r.write_all(b"half").unwrap();
        assert_eq!(
            registered()
                .iter()
                .filter(|p| p.starts_with(dir.path()))
                .count(),
            1
        );
        drop(r);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(!registered().iter().any(|p| p.starts_with(dir.path())));
    }

    #[test]
    fn the_guard_knows_an_input_by_identity_and_an_output_named_twice() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.txt");
        std::fs::write(&input, "x\n").unwrap();
        let hard = dir.path().join("hard.txt");
        std::fs::hard_link(&input, &hard).unwrap();
        let mut guard = Guard::new();
        guard.input(input.to_str().unwrap());
        let err = guard.claim(&hard, "the report").unwrap_err().to_string();
        assert!(err.contains("is the input"), "{err}");
        let dotted = dir.path().join(".").join("a.txt");
        assert!(guard.claim(&dotted, "the report").is_err());
        let new = dir.path().join("new.txt");
        guard.claim(&new, "the cleaned text (-o)").unwrap();
        let again = dir.path().join(".").join("new.txt");
        let err = guard
            .claim(&again, "the report (--report)")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("named for both the cleaned text (-o) and the report"),
            "{err}"
        );
        // Standard output twice is the caller's to refuse.
        guard.claim(Path::new("-"), "x").unwrap();
        guard.claim(Path::new("-"), "y").unwrap();
    }
}
