//! Which files to work on, and with which settings.
//!
//! Takes the paths from the command line and returns the files to process, in
//! sorted order: directories are walked with the `ignore` crate (`.gitignore`,
//! `.ignore` and hidden files respected), keeping files that match the include
//! globs and none of the exclude globs; explicit file paths are always kept
//! unless `--force-exclude` is given. Also finds each file's configuration
//! (`copydesk.toml`, `.copydesk.toml` or `[tool.copydesk]` in
//! `pyproject.toml`; the closest one above it wins) and builds its [`Config`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, anyhow, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};

use copydesk::{Config, FileConfig, Rule};

/// The file names copydesk looks for in each folder, in this order; a
/// `pyproject.toml` counts only with a `[tool.copydesk]` table.
pub const CONFIG_NAMES: [&str; 3] = ["copydesk.toml", ".copydesk.toml", "pyproject.toml"];

/// Globs a directory walk keeps when `--include` is not given.
pub const DEFAULT_INCLUDE: [&str; 4] = ["*.txt", "*.text", "*.md", "*.markdown"];

/// One file to process.
#[derive(Debug, Clone)]
pub struct Target {
    /// Where to read it.
    pub path: PathBuf,
    /// How to name it in output (the path as walked, `/`-separated).
    pub display: String,
    /// Named on the command line (not found by walking).
    pub explicit: bool,
    /// Where it goes under an output folder: relative to the walked folder,
    /// or the file name for a file named on the command line.
    pub rel: PathBuf,
}

/// Settings shared by every file of a run, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--include` globs (replace [`DEFAULT_INCLUDE`]).
    pub include: Vec<String>,
    /// `--exclude` globs (added to the configuration's `exclude`).
    pub exclude: Vec<String>,
    /// Apply excludes to explicit paths too.
    pub force_exclude: bool,
    /// Follow symbolic links met while walking (`--follow`).
    pub follow: bool,
}

/// What the command line's paths expand to.
#[derive(Debug, Default)]
pub struct Collected {
    /// The files to process, sorted by path.
    pub targets: Vec<Target>,
    /// Paths that do not exist or could not be walked.
    pub errors: Vec<String>,
    /// Symbolic links met while walking and not followed, each with a note
    /// that says so (sorted by path).
    pub skipped: Vec<String>,
}

fn globset(patterns: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).with_context(|| {
            format!("bad glob '{p}'; use shell-style patterns such as '*.md' or 'drafts/**'")
        })?);
    }
    Ok(b.build()?)
}

/// Does `set` match `path` as shown, or its file name?
fn matches(set: &GlobSet, display: &str, path: &Path) -> bool {
    set.is_match(display)
        || set.is_match(path)
        || path.file_name().is_some_and(|n| set.is_match(Path::new(n)))
}

/// Expand the command line's paths into the files to process, sorted by path.
/// Paths that do not exist are returned as errors; the others go on. A
/// symbolic link met while walking is followed with `sel.follow`, and
/// otherwise skipped with a note (when it leads to a folder, or to a file the
/// walk would keep), so that no file goes missing without a word; a link
/// named on the command line is always read.
pub fn collect(paths: &[String], sel: &Selection, configs: &Resolver) -> Result<Collected> {
    let include = if sel.include.is_empty() {
        globset(&DEFAULT_INCLUDE.map(String::from))?
    } else {
        globset(&sel.include)?
    };
    let cli_exclude = globset(&sel.exclude)?;
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        let path = PathBuf::from(p);
        if !path.exists() {
            errors.push(format!("{p}: no such file or directory; check the path"));
            continue;
        }
        let excluded = |display: &str, path: &Path| -> bool {
            matches(&cli_exclude, display, path) || configs.excludes(path, display)
        };
        // A file named on the command line is read whatever its type: a
        // named pipe or a process substitution (`<(zcat a.txt.gz)`) too.
        if !path.is_dir() {
            if !(sel.force_exclude && excluded(p, &path)) {
                let rel = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
                targets.push(Target {
                    path: path.clone(),
                    display: p.clone(),
                    explicit: true,
                    rel,
                });
            }
            continue;
        }
        let walk = ignore::WalkBuilder::new(&path)
            .standard_filters(true)
            .require_git(false)
            .follow_links(sel.follow)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    // Following links, a link to nothing or to a folder above
                    // it is a link to skip, not a path that failed.
                    if let Some((fp, looped)) = link_error(&e) {
                        let display = fp.to_string_lossy().replace('\\', "/");
                        if looped {
                            skipped.push(format!(
                                "{display}: skipped, symbolic link to a folder above it (a loop)"
                            ));
                        } else if matches(&include, &display, fp) && !excluded(&display, fp) {
                            skipped.push(format!("{display}: skipped, symbolic link to nothing"));
                        }
                        continue;
                    }
                    errors.push(format!("{p}: {e}"));
                    continue;
                }
            };
            let fp = entry.path();
            let display = fp.to_string_lossy().replace('\\', "/");
            if !sel.follow && entry.path_is_symlink() {
                let wanted = matches(&include, &display, fp) && !excluded(&display, fp);
                let what = match std::fs::metadata(fp) {
                    Ok(m) if m.is_dir() => Some("symbolic link to a folder"),
                    Ok(_) if wanted => Some("symbolic link"),
                    Err(_) if wanted => Some("symbolic link to nothing"),
                    _ => None,
                };
                if let Some(what) = what {
                    skipped.push(format!(
                        "{display}: skipped, {what} (pass --follow to read through links)"
                    ));
                }
                continue;
            }
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                // A named pipe, a socket or a device met while walking could
                // block or never end: skipped, with a note when the walk
                // would otherwise keep it.
                if !entry.file_type().is_some_and(|t| t.is_dir())
                    && matches(&include, &display, fp)
                    && !excluded(&display, fp)
                {
                    skipped.push(format!(
                        "{display}: skipped, not a regular file (a named pipe, socket or \
                         device); name it on the command line to read it"
                    ));
                }
                continue;
            }
            if matches(&include, &display, fp) && !excluded(&display, fp) {
                let rel = fp.strip_prefix(&path).unwrap_or(fp).to_path_buf();
                targets.push(Target {
                    path: fp.to_path_buf(),
                    display,
                    explicit: false,
                    rel,
                });
            }
        }
    }
    targets.sort_by(|a, b| a.display.cmp(&b.display));
    targets.dedup_by(|a, b| a.display == b.display);
    skipped.sort();
    skipped.dedup();
    Ok(Collected {
        targets,
        errors,
        skipped,
    })
}

/// The warning for a run that found no file to work on, though every path
/// given exists: the walk keeps only some names.
pub fn nothing_found(paths: &[String], sel: &Selection) -> String {
    let globs = if sel.include.is_empty() {
        DEFAULT_INCLUDE.join(", ")
    } else {
        sel.include.join(", ")
    };
    format!(
        "no files found under {}: a folder's walk keeps {globs} (ignored and hidden files \
         left out); pass --include GLOB for other names",
        paths.join(", ")
    )
}

/// The symbolic link a walk's error is about, if it is about one, and
/// whether the link leads back to a folder above it (a loop).
fn link_error(e: &ignore::Error) -> Option<(&Path, bool)> {
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    match e {
        ignore::Error::Loop { child, .. } => Some((child.as_path(), true)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            link_error(err)
        }
        ignore::Error::WithPath { path, err } => {
            link_error(err).or_else(|| is_link(path).then_some((path.as_path(), false)))
        }
        _ => None,
    }
}

/// Where the settings of a run come from.
#[derive(Debug, Clone, Default)]
pub enum ConfigSource {
    /// The closest `copydesk.toml`, `.copydesk.toml` or `pyproject.toml`
    /// with a `[tool.copydesk]` table above each file.
    #[default]
    Discover,
    /// One file for everything (`--config`).
    File(PathBuf),
    /// No configuration files (`--isolated`).
    Isolated,
}

/// A parsed configuration file and the folder its globs are relative to.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file.
    pub path: PathBuf,
    /// Its settings.
    pub config: FileConfig,
}

/// Finds, parses and caches configuration files.
#[derive(Debug, Default)]
pub struct Resolver {
    source: ConfigSource,
    cache: Mutex<HashMap<PathBuf, Option<std::sync::Arc<Loaded>>>>,
}

impl Resolver {
    /// A resolver for one run.
    pub fn new(source: ConfigSource) -> Resolver {
        Resolver {
            source,
            cache: Mutex::default(),
        }
    }

    /// Load and check a configuration file (`--config`).
    pub fn load(path: &Path) -> Result<Loaded> {
        Resolver::load_if_any(path)?.ok_or_else(|| {
            anyhow!(
                "{}: has no [tool.copydesk] table; add one, or name a copydesk.toml",
                path.display()
            )
        })
    }

    /// Load and check a configuration file; `None` for a `pyproject.toml`
    /// without a `[tool.copydesk]` table.
    fn load_if_any(path: &Path) -> Result<Option<Loaded>> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the configuration file", path.display()))?;
        let parsed = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
            FileConfig::parse_pyproject(&text)
        } else {
            FileConfig::parse(&text).map(Some)
        };
        Ok(parsed
            .map_err(|e| anyhow!("{}: {e}", path.display()))?
            .map(|config| Loaded {
                path: path.to_path_buf(),
                config,
            }))
    }

    /// The configuration that applies to `file` (a path that may not exist,
    /// such as `--stdin-filename`).
    pub fn for_file(&self, file: &Path) -> Result<Option<std::sync::Arc<Loaded>>> {
        match &self.source {
            ConfigSource::Isolated => Ok(None),
            ConfigSource::File(p) => self.cached(p, || Resolver::load(p).map(Some)),
            ConfigSource::Discover => {
                let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
                let mut dir = abs.parent().map(Path::to_path_buf);
                while let Some(d) = dir {
                    if let Some(found) = self.cached(&d, || {
                        for name in CONFIG_NAMES {
                            let candidate = d.join(name);
                            // A folder by a configuration file's name is a
                            // mistake to name, not a file to pass over.
                            if candidate.is_dir() {
                                bail!(
                                    "{}: is a folder, not a configuration file; rename or \
                                     remove it, or pass --isolated to use none",
                                    candidate.display()
                                );
                            }
                            if candidate.is_file()
                                && let Some(loaded) = Resolver::load_if_any(&candidate)?
                            {
                                return Ok(Some(loaded));
                            }
                        }
                        Ok(None)
                    })? {
                        return Ok(Some(found));
                    }
                    dir = d.parent().map(Path::to_path_buf);
                }
                Ok(None)
            }
        }
    }

    fn cached(
        &self,
        key: &Path,
        load: impl FnOnce() -> Result<Option<Loaded>>,
    ) -> Result<Option<std::sync::Arc<Loaded>>> {
        if let Some(hit) = self.cache.lock().expect("no panics while locked").get(key) {
            return Ok(hit.clone());
        }
        let loaded = load()?.map(std::sync::Arc::new);
        self.cache
            .lock()
            .expect("no panics while locked")
            .insert(key.to_path_buf(), loaded.clone());
        Ok(loaded)
    }

    /// Does the configuration of `path` exclude it?
    pub fn excludes(&self, path: &Path, display: &str) -> bool {
        let Ok(Some(loaded)) = self.for_file(path) else {
            return false;
        };
        let Some(patterns) = &loaded.config.exclude else {
            return false;
        };
        let Ok(set) = globset(patterns) else {
            return false;
        };
        matches(&set, display, path)
            || relative_to_config(&loaded, path).is_some_and(|r| set.is_match(r))
    }
}

fn relative_to_config(loaded: &Loaded, path: &Path) -> Option<PathBuf> {
    let base = std::path::absolute(loaded.path.parent()?).ok()?;
    let abs = std::path::absolute(path).ok()?;
    abs.strip_prefix(base).ok().map(Path::to_path_buf)
}

/// The command line's own settings, applied after the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--encoding`.
    pub encoding: Option<String>,
    /// `--site-tag`.
    pub site_tags: Vec<String>,
    /// `--headline-similarity`.
    pub headline_similarity: Option<f64>,
    /// `--select`.
    pub select: Vec<String>,
    /// `--extend-select`.
    pub extend_select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--source-level`.
    pub source_level: Option<usize>,
}

impl Overrides {
    /// Check the command line's settings once, before any file is looked
    /// at: a wrong one is one error, not one per file.
    pub fn validate(&self) -> Result<()> {
        if let Some(label) = &self.encoding {
            Config::encoding_for_label(label)?;
        }
        if let Some(s) = self.headline_similarity
            && !(0.0..=1.0).contains(&s)
        {
            bail!("--headline-similarity must be between 0 and 1 (got {s}); 0.9 is the default");
        }
        rules_named(&self.select, "--select ")?;
        rules_named(&self.extend_select, "--extend-select ")?;
        rules_named(&self.ignore, "--ignore ")?;
        Ok(())
    }
}

/// The rules that command-line names stand for (`all` for every rule); an
/// unknown name is an error that starts with `prefix` (the flag, if any)
/// and names the closest rule id when one is close.
pub fn rules_named(ids: &[String], prefix: &str) -> Result<Vec<Rule>> {
    let mut rules = Vec::new();
    for id in ids {
        rules.extend(Rule::matching(id).ok_or_else(|| {
            let hint = closest_rule(id)
                .map(|r| format!("did you mean `{r}`? "))
                .unwrap_or_default();
            anyhow!(
                "{prefix}{id}: unknown rule; {hint}`copydesk rules` lists the rule ids (or `all`)"
            )
        })?);
    }
    Ok(rules)
}

/// The rule id closest to a mistyped one (`repeated-headlines`), if any is
/// close enough to be what was meant.
fn closest_rule(id: &str) -> Option<&'static str> {
    let id = id.to_ascii_lowercase().replace('_', "-");
    Rule::ALL
        .iter()
        .map(|r| (strsim::jaro_winkler(&id, r.id()), r.id()))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

/// The settings for one file: defaults, then its configuration file (with
/// per-file-ignores), then the command line.
pub fn config_for(
    path: &Path,
    display: &str,
    resolver: &Resolver,
    cli: &Overrides,
) -> Result<Config> {
    let mut config = Config::default();
    if let Some(loaded) = resolver.for_file(path)? {
        loaded.config.apply(&mut config);
        if let Some(pfi) = &loaded.config.per_file_ignores {
            let rel = relative_to_config(&loaded, path);
            for (pattern, ids) in pfi {
                let set = globset(std::slice::from_ref(pattern))
                    .with_context(|| format!("{}: per-file-ignores", loaded.path.display()))?;
                if matches(&set, display, path) || rel.as_deref().is_some_and(|r| set.is_match(r)) {
                    for r in ids.iter().filter_map(|id| Rule::matching(id)).flatten() {
                        config.disabled.push(r);
                    }
                }
            }
        }
    }
    if let Some(label) = &cli.encoding {
        config.encoding = Some(Config::encoding_for_label(label)?);
    }
    config.site_tags.extend(cli.site_tags.iter().cloned());
    if let Some(s) = cli.headline_similarity {
        if !(0.0..=1.0).contains(&s) {
            bail!("--headline-similarity must be between 0 and 1 (got {s}); 0.9 is the default");
        }
        config.headline_similarity = s;
    }
    if let Some(n) = cli.source_level {
        config.source_level = n;
    }
    let select = rules_named(&cli.select, "--select ")?;
    if !select.is_empty() {
        config.select_only(&select);
    }
    for r in rules_named(&cli.extend_select, "--extend-select ")? {
        config.disabled.retain(|d| *d != r);
        config.selected.push(r);
    }
    config
        .disabled
        .extend(rules_named(&cli.ignore, "--ignore ")?);
    config.disabled.sort();
    config.disabled.dedup();
    let ext = Path::new(display)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    config.markdown = ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown");
    Ok(config)
}
