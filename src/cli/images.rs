//! `sleuths images generate|status`.

use anyhow::Context;

use crate::app::App;

#[derive(Debug, clap::Subcommand)]
pub enum ImagesCommand {
    /// Queue the painting of a case's missing pictures; prints the job id.
    Generate {
        case_id: String,
        /// Paint this slot again even though it is finished, named as the case page counts (`loc-1`,
        /// `suspect-2`, `ev-8`); repeatable.
        #[arg(long, value_name = "SLOT", value_parser = parse_slot)]
        repaint: Vec<(String, crate::domain::Slot, bool)>,
        /// Paint now and wait, with a progress bar.
        #[arg(long)]
        wait: bool,
    },
    /// Print a case's image-generation status record.
    Status {
        case_id: String,
        /// Follow the progress until the job ends.
        #[arg(long)]
        watch: bool,
        /// Print the record as JSON (with --watch, one line per change).
        #[arg(long)]
        json: bool,
    },
}

/// A slot name as typed, the slot it names, and whether it was an old name (counted from 0).
fn parse_slot(name: &str) -> Result<(String, crate::domain::Slot, bool), String> {
    crate::domain::Slot::parse_name(name).map(|(slot, old)| (name.to_owned(), slot, old))
}

pub async fn run(app: &App, cmd: ImagesCommand) -> anyhow::Result<()> {
    match cmd {
        ImagesCommand::Generate { case_id, repaint, wait } => {
            if let Some(note) =
                crate::domain::old_slot_names_note(repaint.iter().map(|(name, slot, old)| (name.as_str(), *slot, *old)))
            {
                eprintln!("note: {note}");
            }
            let slots: Vec<crate::domain::Slot> = repaint.iter().map(|(_, slot, _)| *slot).collect();
            let job_id = app
                .repaint(&case_id, &slots)
                .await
                .context("Failed to queue the pictures")?;
            println!("{job_id}");
            if wait {
                super::progress::wait_for_images(app, &case_id, true).await?;
            }
            Ok(())
        }
        ImagesCommand::Status { case_id, watch, json } => {
            if !crate::ids::is_valid_case_id(&case_id) {
                anyhow::bail!("invalid case id {case_id:?}: use 1-64 characters of a-z, 0-9 and -");
            }
            let status = app
                .status(&case_id)
                .await
                .context("Failed to read the status")?
                .with_context(|| format!("no image-generation status for case {case_id:?}"))?;
            if watch {
                return super::progress::watch(app, &case_id, json).await;
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
            } else {
                let job = match &status.job_id {
                    Some(id) => app.job(id).await.context("Failed to read the job")?,
                    None => None,
                };
                super::progress::print_status(&case_id, &status, job.as_ref(), app.now_ms());
            }
            Ok(())
        }
    }
}
