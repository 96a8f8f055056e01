//! Group commit: a file journal's operations during a run, run by one thread, many to a
//! transaction.
//!
//! One commit per write made the journal the run's bottleneck: each commit appends every page
//! it touched to the WAL (a 60-byte state change costs a 4 KiB page, often two), and the
//! journal's lock was held by one tokio thread while the other waited for it. Here an
//! operation is handed to the journal's thread and awaited. The thread takes everything
//! waiting, runs it in one transaction and commits it once; what the run's other calls hand
//! it meanwhile waits for the next commit. The groups grow with the load and nothing waits on
//! a timer: a lone operation is committed at once. An operation is answered only after its
//! commit: a `sent` awaited before a request leaves is as durable as one committed alone.
//!
//! Measured on the screening benchmark's list (docs/performance.md) and dropped:
//!
//! - Waiting a fixed 0.25 to 1 ms for more operations before each commit was no faster, and it
//!   delays every `sent`.
//! - Committing on the caller's thread, with no hand-off, halved a `sent`'s wait but not the
//!   run's time: the commits then take the tokio threads' CPU.
//! - Holding the ends of calls back a few milliseconds, to commit them many at a time, cut
//!   the WAL writes by a third. But a call answered and not yet recorded when the process dies
//!   is found `sent`, and so its outcome is unknown. Keeping that window at one commit is
//!   worth more.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::{JournalError, lock};

/// The most operations in one transaction.
const MAX_BATCH: usize = 1024;

/// What an operation leaves to do once its transaction has ended: answer its caller with its
/// own result, or with the commit's error.
type Reply = Box<dyn FnOnce(Result<(), JournalError>) + Send>;

/// An operation on the connection, inside the batch's transaction.
type Job = Box<dyn FnOnce(&Connection) -> Reply + Send>;

/// An operation as the tests hand it over.
#[cfg(test)]
pub(super) type TestJob = Box<dyn FnOnce(&Connection) -> Result<(), JournalError> + Send + 'static>;

/// The journal's thread and the way to it. Dropping it lets the thread finish what was handed
/// to it, and waits for it.
pub(super) struct GroupCommit {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl GroupCommit {
    /// Starts the thread on `connection`. `None` if the operating system refuses a thread.
    pub(super) fn start(connection: Arc<Mutex<Connection>>) -> Option<GroupCommit> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("leadkit-journal".into())
            .spawn(move || commit_batches(&connection, &queue))
            .ok()?;
        Some(GroupCommit {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Runs `operation` on the journal's thread and returns its result once its transaction
    /// is committed.
    ///
    /// # Errors
    ///
    /// The operation's own error; the commit's, for every operation of a batch whose commit
    /// failed (none of it is kept); [`JournalError::Stopped`] if the thread is gone.
    pub(super) async fn run<T, F>(&self, operation: F) -> Result<T, JournalError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, JournalError> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |connection| {
            let result = operation(connection);
            Box::new(move |committed: Result<(), JournalError>| {
                let _ = answer.send(committed.and(result));
            })
        });
        let handed = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(job).is_ok());
        if !handed {
            return Err(JournalError::Stopped);
        }
        answered.await.unwrap_or(Err(JournalError::Stopped))
    }
}

impl Drop for GroupCommit {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread: waits for an operation, takes the others waiting, runs them in one
/// transaction, commits, answers; until the journal is dropped.
fn commit_batches(connection: &Mutex<Connection>, queue: &mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let connection = lock(connection);
        // Taken once the connection is free: what came while it was busy joins this group.
        let mut jobs = vec![first];
        jobs.extend(queue.try_iter().take(MAX_BATCH - 1));
        // Without a transaction (BEGIN refused), each statement commits on its own: each
        // operation's own result is then its whole answer.
        let in_transaction = connection.execute_batch("BEGIN IMMEDIATE").is_ok();
        let replies: Vec<Reply> = jobs.into_iter().map(|job| job(&connection)).collect();
        let committed = if in_transaction {
            connection.execute_batch("COMMIT").inspect_err(|_| {
                // Leave no transaction open behind a failed commit.
                let _ = connection.execute_batch("ROLLBACK");
            })
        } else {
            Ok(())
        };
        drop(connection);
        for reply in replies {
            reply(
                committed
                    .as_ref()
                    .map(|_| ())
                    .map_err(|error| JournalError::sqlite("commit", error)),
            );
        }
    }
}
