//! Group commit: the writes of a run's concurrent calls, committed together by one thread.
//!
//! Each write is answered only once the transaction holding it is committed, so a caller that
//! awaits [`JournalWriter::write`] has the same guarantee as with a write made alone (a `sent`
//! is durable before the request goes out); the journal makes one commit per batch of
//! whatever was waiting, instead of one per write, and the tokio threads never wait on SQLite.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use super::{Journal, JournalError, Write};

/// The most writes committed together.
const MAX_BATCH: usize = 512;

/// A write and where its result goes.
struct Job {
    write: Write,
    reply: oneshot::Sender<Result<(), JournalError>>,
}

/// Commits the writes sent to it in batches, on its own thread, until dropped (dropping it
/// waits for the writes already sent).
pub struct JournalWriter {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for JournalWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JournalWriter").finish_non_exhaustive()
    }
}

impl JournalWriter {
    /// Starts the writer of `journal`.
    pub fn start(journal: Arc<Journal>) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("leadkit-journal".into())
            .spawn(move || commit_batches(&journal, &queue))
            .ok();
        Self {
            jobs: Some(jobs),
            thread,
        }
    }

    /// Writes `write`, durably: returns once its batch is committed.
    ///
    /// # Errors
    ///
    /// The write's own error, the commit's, or [`JournalError::WriterStopped`].
    pub async fn write(&self, write: Write) -> Result<(), JournalError> {
        let (reply, answer) = oneshot::channel();
        let sent = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(Job { write, reply }).is_ok());
        if !sent || self.thread.is_none() {
            return Err(JournalError::WriterStopped);
        }
        answer.await.unwrap_or(Err(JournalError::WriterStopped))
    }
}

impl Drop for JournalWriter {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Takes what is waiting (at least one write, at most [`MAX_BATCH`]), commits it, answers each
/// write, and again, until every sender is gone.
fn commit_batches(journal: &Journal, queue: &mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut writes = vec![first.write];
        let mut replies = vec![first.reply];
        while writes.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => {
                    writes.push(job.write);
                    replies.push(job.reply);
                }
                Err(_) => break,
            }
        }
        for (reply, result) in replies.into_iter().zip(journal.write_batch(&writes)) {
            let _ = reply.send(result);
        }
    }
}
