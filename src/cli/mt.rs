//! `passeur mt PROJECT [--provider NAME] [--only-untranslated]`: machine-translation drafts for
//! a whole project, sent in batches at a bounded rate, each batch saved as it arrives (so an
//! interrupted run goes on where it stopped, and the cache answers what was already asked).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::output::say;
use super::project::Mode;
use crate::memory::document::DocumentId;
use crate::memory::{Lookup, TranslationMemory as _};
use crate::mt::cache::Cache;
use crate::mt::pacing::{Paced, Pacing};
use crate::mt::{self, Request, few_shot};
use crate::project::Status;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Segments without a translation get the provider's translation as a draft, marked as machine \
translated until someone edits it; with --only-untranslated that is all, otherwise unedited \
machine-translated drafts are translated again too. Human translations are never touched. The \
glossary terms of each segment are sent with it, and each draft is repaired as Alt+Shift+M \
repairs it in the workspace (a term the provider rendered another way, found unambiguously, \
becomes the glossary's English); --raw keeps the provider's output as it is. The command ends \
with how many drafts were repaired and how many still miss a term or use a forbidden rendering \
(passeur check lists them). The provider is the mt: section of \
~/.config/passeur/config.yaml (see README); answers are cached, so running again after an \
interruption sends nothing twice.

Example:
  passeur mt article.txt.passeur --only-untranslated")]
pub struct Args {
    /// The project file.
    pub project: PathBuf,
    /// A provider named under mt_providers in the configuration (default: the mt: section).
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// Only segments without any translation.
    #[arg(long)]
    pub only_untranslated: bool,
    /// A glossary whose terms are sent with the segments (repeatable; adds to the defaults).
    #[arg(long, value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Use only the glossaries named with --glossary.
    #[arg(long)]
    pub no_default_glossaries: bool,
    /// Save the provider's output as it is, without the glossary repair.
    #[arg(long)]
    pub raw: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let settings = crate::config::Config::load_user()?;
    let Some(config) = settings.mt_provider(args.provider.as_deref())? else {
        bail!(
            "{}: no mt: section; configure a provider first (see the README)",
            settings.shown_path()
        );
    };
    let cache_dir = mt::cache::user_dir();
    let provider = mt::provider(&config, cache_dir.as_deref())?;
    let mut opened = super::project::open(&args.project, Mode::Realign)?;
    let index = super::terms::load_index(&args.glossary, args.no_default_glossaries);
    let project = &opened.project;
    let name = provider.name();
    let this_provider = format!("mt:{name}");
    let wanted: Vec<usize> = (0..project.len())
        .filter(|&i| {
            let unit = project.unit(i);
            let machine_draft = unit.status == Status::Draft
                && project.is_machine_translated(i)
                && unit.origin.as_deref() != Some(this_provider.as_str());
            !unit.locked
                && (unit.status == Status::New || (!args.only_untranslated && machine_draft))
        })
        .collect();
    let locked = project.locked().count();
    let context = provider.context();
    let budget = config.context_tokens;
    // The desk's earlier translations go with each segment to a provider that uses them.
    let mut memory = match (context, budget) {
        (mt::ContextUse::Examples, 1..) => {
            match super::memory::open(&super::memory::WhichArgs::default(), &[]) {
                Ok(memory) => Some(memory),
                Err(error) => {
                    say!("passeur: warning: no memory examples for the provider: {error:#}");
                    None
                }
            }
        }
        _ => None,
    };
    let document = DocumentId::of(&args.project, project);
    let excluded = document.excluded();
    let requests: Vec<Request> = wanted
        .iter()
        .map(|&i| {
            let source = &project.unit(i).source;
            let request = Request {
                source: source.clone(),
                terms: mt::terms_of(source, &index),
                ..Request::default()
            };
            if context == mt::ContextUse::Nothing || budget == 0 {
                return request;
            }
            let (previous, next) = crate::memory::neighbours(project, i);
            let lookup = Lookup {
                threshold: few_shot::MIN_SCORE,
                max: few_shot::MAX_EXAMPLES,
                previous: &previous,
                next: &next,
                exclude_documents: &excluded,
                ..Lookup::default()
            };
            // A memory that fails to answer only means no examples.
            let matches = memory
                .as_mut()
                .and_then(|memory| memory.lookup(source, &lookup).ok())
                .unwrap_or_default();
            few_shot::with_context(request, (&previous, &next), &matches, budget)
        })
        .collect();
    drop(memory);
    let all_terms: Vec<mt::Term> = requests.iter().flat_map(|r| r.terms.clone()).collect();
    provider.prepare(&all_terms);
    let mut cache = match &cache_dir {
        Some(dir) => Cache::open(dir),
        None => Cache::default(),
    };
    let mut paced = Paced::new(provider.as_ref(), Pacing::new(config.requests_per_second));
    paced.on_retry = Box::new(|error, wait| {
        say!(
            "passeur: {error}; trying again in {:.1} s",
            wait.as_secs_f64()
        );
    });
    let total = wanted.len();
    let mut done = 0;
    let mut summary = Summary::default();
    for chunk in wanted
        .chunks(config.batch_size())
        .zip(requests.chunks(config.batch_size()))
    {
        let (indices, batch) = chunk;
        let keys: Vec<String> = batch
            .iter()
            .map(|r| Cache::key(provider.as_ref(), r))
            .collect();
        let missing: Vec<usize> = (0..batch.len())
            .filter(|&i| cache.get(&keys[i]).is_none())
            .collect();
        if !missing.is_empty() {
            let to_send: Vec<Request> = missing.iter().map(|&i| batch[i].clone()).collect();
            let translated = paced.translate(&to_send).with_context(|| {
                format!(
                    "{done} of {total} segments translated and saved; run the command again to go on"
                )
            })?;
            for (&i, target) in missing.iter().zip(translated) {
                cache.insert(keys[i].clone(), target);
            }
        }
        let raws: Vec<String> = keys
            .iter()
            .map(|key| cache.get(key).unwrap_or_default().to_owned())
            .collect();
        if !args.raw {
            ask_terms_alone(&mut paced, &mut cache, provider.as_ref(), batch, &raws);
        }
        for ((&index, raw), request) in indices.iter().zip(raws).zip(batch) {
            let target = match args.raw {
                true => raw,
                false => {
                    let alone = |french: &str| {
                        let key = Cache::key(provider.as_ref(), &alone_request(french));
                        cache.get(&key).map(str::to_owned)
                    };
                    let suggestion = mt::check::check(request, &raw, alone);
                    summary.count(request, &raw, suggestion.repaired)
                }
            };
            opened
                .project
                .set_machine_translation(index, &target, &name);
        }
        super::project::save(&mut opened.store, &mut opened.project)?;
        done += indices.len();
        say!("passeur mt: {done}/{total} segments ({name})");
    }
    let mut out = super::output::stdout();
    writeln!(
        out,
        "{total} segments machine-translated as drafts by {name}"
    )?;
    if !args.raw && total > 0 {
        writeln!(
            out,
            "drafts repaired to the glossary: {}; still missing a glossary term or using a \
             forbidden rendering: {}{}",
            summary.repaired,
            summary.off_glossary,
            match summary.off_glossary {
                0 => String::new(),
                _ => format!(" (passeur check {} lists them)", args.project.display()),
            }
        )?;
    }
    if locked > 0 {
        writeln!(
            out,
            "{locked} segments locked in the client's file, left as the file has them"
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A French term on its own, as the repair asks the provider for its rendering.
fn alone_request(french: &str) -> Request {
    Request {
        source: french.to_owned(),
        ..Request::default()
    }
}

/// Asks the provider, in one paced batch, for its rendering of each term that a draft of the
/// batch misses (what the repair looks for in the draft); answers are cached, and a failure
/// only means no repair.
fn ask_terms_alone(
    paced: &mut Paced,
    cache: &mut Cache,
    provider: &dyn mt::Provider,
    batch: &[Request],
    raws: &[String],
) {
    let mut asked: Vec<Request> = Vec::new();
    for (request, raw) in batch.iter().zip(raws) {
        for term in mt::check::check(request, raw, |_| None).missing {
            let alone = alone_request(&term.french);
            let key = Cache::key(provider, &alone);
            if cache.get(&key).is_none() && !asked.contains(&alone) {
                asked.push(alone);
            }
        }
    }
    if asked.is_empty() {
        return;
    }
    if let Ok(answers) = paced.translate(&asked) {
        for (request, answer) in asked.iter().zip(answers) {
            cache.insert(Cache::key(provider, request), answer);
        }
    }
}

/// What the glossary check made of the drafts.
#[derive(Debug, Default)]
struct Summary {
    repaired: usize,
    /// Drafts that, repaired or not, still miss a required term or use a forbidden one.
    off_glossary: usize,
}

impl Summary {
    /// Counts one draft and gives the text to save: the repair when there is one.
    fn count(&mut self, request: &Request, raw: &str, repaired: Option<String>) -> String {
        let saved = match repaired {
            Some(repaired) => {
                self.repaired += 1;
                repaired
            }
            None => raw.to_owned(),
        };
        if !mt::check::check(request, &saved, |_| None).is_clean() {
            self.off_glossary += 1;
        }
        saved
    }
}
