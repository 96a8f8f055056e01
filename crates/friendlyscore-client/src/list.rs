//! list-users (`GET api/v2/users.json?page=&max_results=`) and a pager over every page.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::{FusedStream, Stream};

use leadkit_core::lenient::{self, Decoded, Extra, RawPart};
use leadkit_core::{
    ApiRequest, BodyExcerpt, Error, Idempotency, Method, Result, StatusCode, VendorMessage,
    validate,
};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::answer::{Answer, Notices};
use crate::client::{FriendlyScoreClient, VENDOR};
use crate::fields;
use crate::user::User;

/// The vendor's page size when none is sent.
pub const DEFAULT_MAX_RESULTS: u32 = 20;
/// The largest page the vendor serves.
pub const MAX_MAX_RESULTS: u32 = 200;

/// The parameters of list-users: `page` (from 1, default 1) and `max_results` (1–200,
/// default 20).
///
/// ```
/// use friendlyscore_client::ListUsers;
/// let second_page = ListUsers::new().page(2).max_results(200);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListUsers {
    page: Option<u32>,
    max_results: Option<u32>,
}

impl ListUsers {
    /// The vendor's defaults (page 1, 20 users).
    pub fn new() -> Self {
        Self::default()
    }

    /// `page`: the page number, from 1.
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// `max_results`: users per page, 1 to 200.
    pub fn max_results(mut self, max_results: u32) -> Self {
        self.max_results = Some(max_results);
        self
    }

    fn validate(&self) -> Result<()> {
        if let Some(page) = self.page {
            validate::in_range("page", page, 1, u32::MAX)?;
        }
        if let Some(max) = self.max_results {
            validate::in_range("max_results", max, 1, MAX_MAX_RESULTS)?;
        }
        Ok(())
    }
}

/// One page of list-users.
///
/// The reference shows only the page's `notices`. The users are read from a top-level JSON
/// array, or from a `users` member: an array, or an object keyed by id, whose users are kept
/// **in the order sent** (the keys in [`UsersPage::user_keys`]). A `users` member of any other
/// shape, and every other member, is kept in [`UsersPage::extra`].
///
/// Each user is decoded on its own ([`Decoded`]): an entry that cannot be a [`User`] (a
/// string, a number) is kept raw with the reason and reported to `leadkit_core::drift::watch`,
/// and the rest of the page decodes. [`UsersPage::typed_users`] iterates the decoded ones.
///
/// Serialising gives back the page as sent (users keyed by id stay keyed, in order), with the
/// re-spellings of [`User`] and an empty `notices` left out.
#[derive(Clone, Default, PartialEq)]
pub struct UsersPage {
    /// The users on this page, in the order sent; an entry that did not decode is kept raw.
    pub users: Vec<Decoded<User>>,
    /// `notices`.
    pub notices: Notices,
    /// Every other member of the answer (paging metadata, if the vendor sends any).
    pub extra: Extra,
    layout: Layout,
}

/// How the vendor laid the users out, to write the page back the same way.
#[derive(Clone, Default, PartialEq)]
enum Layout {
    /// A `users` member holding an array (and a page built by hand).
    #[default]
    Member,
    /// A top-level array.
    List,
    /// A `users` member keyed by id; the keys in order.
    Keyed(Vec<String>),
    /// No `users` member (or one of another shape, kept in `extra`).
    Absent,
}

impl UsersPage {
    /// The users that decoded, in the order sent.
    pub fn typed_users(&self) -> impl Iterator<Item = &User> {
        lenient::typed(&self.users)
    }

    /// The entries kept raw because they did not decode, with the reason.
    pub fn raw_users(&self) -> impl Iterator<Item = &RawPart> {
        self.users.iter().filter_map(Decoded::raw)
    }

    /// The keys, in order, when the vendor sent the users as an object keyed by id.
    pub fn user_keys(&self) -> Option<&[String]> {
        match &self.layout {
            Layout::Keyed(keys) => Some(keys),
            _ => None,
        }
    }
}

impl fmt::Debug for UsersPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsersPage")
            .field("users", &self.users)
            .field("notices", &self.notices)
            .field("extra", &self.extra)
            .finish()
    }
}

impl<'de> Deserialize<'de> for UsersPage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PageVisitor)
    }
}

struct PageVisitor;

impl<'de> Visitor<'de> for PageVisitor {
    type Value = UsersPage;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of users or an object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<UsersPage, A::Error> {
        Ok(UsersPage {
            users: users_in(seq)?,
            layout: Layout::List,
            ..UsersPage::default()
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UsersPage, A::Error> {
        let mut page = UsersPage {
            layout: Layout::Absent,
            ..UsersPage::default()
        };
        let mut rest = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "users" => match map.next_value::<Users>()? {
                    Users::List(users) => {
                        page.users = users;
                        page.layout = Layout::Member;
                    }
                    Users::Keyed(keys, users) => {
                        page.users = users;
                        page.layout = Layout::Keyed(keys);
                    }
                    Users::Other(value) => {
                        rest.insert(key, value);
                    }
                },
                "notices" => {
                    let value: Value = map.next_value()?;
                    match fields::member("UsersPage", "notices", &value, Notices::read) {
                        Ok(notices) => page.notices = notices.unwrap_or_default(),
                        Err(()) => {
                            rest.insert(key, value);
                        }
                    }
                }
                _ => {
                    let value = map.next_value()?;
                    rest.insert(key, value);
                }
            }
        }
        page.extra = Extra::from(rest);
        Ok(page)
    }

    /// `null`: a page without users.
    fn visit_unit<E: de::Error>(self) -> Result<UsersPage, E> {
        Ok(UsersPage {
            layout: Layout::Absent,
            ..UsersPage::default()
        })
    }
}

/// Each user of a sequence, decoded on its own.
fn users_in<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<Decoded<User>>, A::Error> {
    let mut users = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_MAX_RESULTS as usize));
    while let Some(user) = seq.next_element()? {
        users.push(user);
    }
    Ok(users)
}

/// The `users` member: a list, an object keyed by id (read in document order), or anything
/// else, kept as sent.
enum Users {
    List(Vec<Decoded<User>>),
    Keyed(Vec<String>, Vec<Decoded<User>>),
    Other(Value),
}

impl<'de> Deserialize<'de> for Users {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UsersVisitor;

        impl<'de> Visitor<'de> for UsersVisitor {
            type Value = Users;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of users or an object of users keyed by id")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Users, A::Error> {
                users_in(seq).map(Users::List)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Users, A::Error> {
                let (mut keys, mut users) = (Vec::new(), Vec::new());
                while let Some((key, user)) = map.next_entry::<String, Decoded<User>>()? {
                    keys.push(key);
                    users.push(user);
                }
                Ok(Users::Keyed(keys, users))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Users, E> {
                Ok(Users::Other(Value::Null))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Users, E> {
                Ok(Users::Other(Value::Bool(v)))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Users, E> {
                Ok(Users::Other(Value::from(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Users, E> {
                Ok(Users::Other(Value::from(v)))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Users, E> {
                Ok(Users::Other(Value::from(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Users, E> {
                Ok(Users::Other(Value::from(v)))
            }
        }

        deserializer.deserialize_any(UsersVisitor)
    }
}

impl Serialize for UsersPage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.layout == Layout::List && self.notices.is_empty() && self.extra.is_empty() {
            return self.users.serialize(serializer);
        }
        let mut out = serializer.serialize_map(None)?;
        match &self.layout {
            Layout::Keyed(keys) if keys.len() == self.users.len() => {
                out.serialize_entry("users", &Keyed(keys, &self.users))?;
            }
            Layout::Absent if self.users.is_empty() => {}
            _ => out.serialize_entry("users", &self.users)?,
        }
        if !self.notices.is_empty() {
            out.serialize_entry("notices", &self.notices)?;
        }
        for (key, value) in self.extra.iter() {
            out.serialize_entry(key, value)?;
        }
        out.end()
    }
}

/// Users keyed by id, written in order.
struct Keyed<'a>(&'a [String], &'a [Decoded<User>]);

impl Serialize for Keyed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().zip(self.1))
    }
}

/// The most pages a [`UserPager`] fetches unless told otherwise
/// ([`UserPager::max_pages`]): a guard against a server that never ends the listing.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// Walks list-users page by page, from the requested page (1 by default) to the last one.
///
/// A page is the last when it holds fewer users than `max_results` (the pager always sends
/// `max_results`, 20 unless set), when it is empty, or when the vendor answers 204.
///
/// - **202 is not the end.** A 202 ("scheduled") answer is an [`Error::Status`] with status
///   202 (and the vendor's `Retry-After`, if sent); the pager stays on that page, so calling
///   [`UserPager::next_page`] again, later, asks for the same page.
/// - **A listing that does not advance is stopped.** A page holding exactly the users of a
///   page already read on this walk (a server that ignores `page`, or cycles) ends the walk
///   with an [`Error::Decode`] at `users`; a walk that reaches [`UserPager::max_pages`] pages
///   ([`DEFAULT_MAX_PAGES`] unless set) without a last page ends with an [`Error::Decode`] at
///   `page`, before requesting the next one. Either error is returned again by every later
///   call: the walk is over.
/// - Any other failure (a timeout, a 5xx) leaves the pager on the page that failed, so the
///   next call tries it again.
///
/// It is also a [`Stream`](futures_core::Stream) of pages ([`UserPager::into_page_stream`])
/// or of users ([`UserPager::into_stream`]).
///
/// ```no_run
/// # async fn demo(client: friendlyscore_client::FriendlyScoreClient) -> friendlyscore_client::Result<()> {
/// use friendlyscore_client::ListUsers;
/// let mut pager = client.list_users_pager(ListUsers::new().max_results(200));
/// while let Some(page) = pager.next_page().await? {
///     for user in page.typed_users() {
///         println!("{:?} scored {:?}", user.id, user.friendlyscore);
///     }
///     for raw in page.raw_users() {
///         eprintln!("a user entry did not decode: {}", raw.reason());
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct UserPager {
    client: FriendlyScoreClient,
    next: Option<u32>,
    max_results: u32,
    max_pages: u32,
    /// Pages read on this walk.
    read: u32,
    /// A fingerprint of the users of every non-empty page read on this walk.
    seen: HashSet<u64>,
    /// The error that ended the walk (a page repeated, too many pages), returned again.
    stopped: Option<Error>,
}

impl fmt::Debug for UserPager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserPager")
            .field("next", &self.next)
            .field("max_results", &self.max_results)
            .field("max_pages", &self.max_pages)
            .field("read", &self.read)
            .field("stopped", &self.stopped)
            .finish_non_exhaustive()
    }
}

impl UserPager {
    /// Ends the walk with an error once `max_pages` pages have been read and the listing has
    /// not ended (default [`DEFAULT_MAX_PAGES`]; at least 1).
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The page the next call asks for; `None` once the walk is over (the last page was
    /// read, or the walk was stopped).
    pub fn next_page_number(&self) -> Option<u32> {
        self.next
    }

    /// The next page, or `None` after the last one.
    ///
    /// Cancel-safe: dropping the future leaves the pager on the same page.
    pub async fn next_page(&mut self) -> Result<Option<UsersPage>> {
        let Some(request) = self.start()? else {
            return Ok(None);
        };
        let answer = self.client.list_users(request).await;
        self.finish(answer)
    }

    /// Every user on every remaining page, in order; entries that did not decode are kept raw
    /// ([`Decoded::typed`] gives the decoded ones).
    pub async fn collect_all(mut self) -> Result<Vec<Decoded<User>>> {
        let mut users = Vec::new();
        while let Some(page) = self.next_page().await? {
            users.extend(page.users);
        }
        Ok(users)
    }

    /// The remaining pages as a [`Stream`](futures_core::Stream) (see [`PageStream`]).
    pub fn into_page_stream(self) -> PageStream {
        PageStream {
            pager: self,
            fetch: None,
            done: false,
        }
    }

    /// The users of the remaining pages, one by one, as a
    /// [`Stream`](futures_core::Stream) (see [`UserStream`]).
    pub fn into_stream(self) -> UserStream {
        UserStream {
            pages: self.into_page_stream(),
            users: Vec::new().into_iter(),
        }
    }

    /// The request for the next page, `None` at the end, or the error that stops the walk.
    /// Changes nothing but a stop for too many pages.
    fn start(&mut self) -> Result<Option<ListUsers>> {
        if let Some(error) = &self.stopped {
            return Err(error.clone());
        }
        let Some(page) = self.next else {
            return Ok(None);
        };
        if self.read >= self.max_pages {
            let error = stop(
                "page",
                format!(
                    "the listing did not end within {} pages (UserPager::max_pages); stopped \
                     before page {page}",
                    self.max_pages
                ),
            );
            return Err(self.stop(error));
        }
        Ok(Some(
            ListUsers::new().page(page).max_results(self.max_results),
        ))
    }

    /// Reads the answer to the request [`UserPager::start`] made.
    fn finish(&mut self, answer: Result<Answer<UsersPage>>) -> Result<Option<UsersPage>> {
        let Some(page) = self.next else {
            return Ok(None);
        };
        match answer? {
            Answer::Ready(found) => {
                if !found.users.is_empty() && !self.seen.insert(fingerprint(&found.users)) {
                    let error = stop(
                        "users",
                        format!(
                            "page {page} repeats the users of an earlier page: the listing \
                             does not advance"
                        ),
                    );
                    return Err(self.stop(error));
                }
                self.read += 1;
                let full = found.users.len() >= self.max_results as usize;
                self.next = page.checked_add(1).filter(|_| full);
                Ok(Some(found))
            }
            Answer::NoData => {
                self.next = None;
                Ok(None)
            }
            // Not the end: the pager stays on this page, to be asked again later.
            Answer::Scheduled { retry_after } => Err(Error::Status {
                vendor: VENDOR,
                operation: "list-users",
                status: StatusCode::ACCEPTED,
                message: Some(VendorMessage::new(format!(
                    "scheduled: page {page} of the listing is not ready; ask again later"
                ))),
                body: BodyExcerpt::default(),
                retry_after,
            }),
        }
    }

    /// Ends the walk with `error`, which every later call returns again.
    fn stop(&mut self, error: Error) -> Error {
        self.next = None;
        self.stopped = Some(error.clone());
        error
    }
}

/// The error that stops a walk that does not advance.
fn stop(path: &str, reason: String) -> Error {
    Error::Decode {
        vendor: VENDOR,
        operation: "list-users",
        status: StatusCode::OK,
        path: path.to_owned(),
        reason,
        body: BodyExcerpt::default(),
    }
}

/// A fingerprint of a page's users, as they would be written back.
fn fingerprint(users: &[Decoded<User>]) -> u64 {
    let mut hasher = DefaultHasher::new();
    serde_json::to_vec(users)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

type Fetch = Pin<Box<dyn Future<Output = Result<Answer<UsersPage>>> + Send>>;

/// The pages of list-users as a [`Stream`](futures_core::Stream): each item is a page or
/// the error that ended the walk (see [`UserPager`] for when it ends and how it guards
/// against a listing that never does).
///
/// The stream ends after the last page, or right after yielding an error. After an error
/// (a 202 "come back later", a timeout), [`PageStream::into_pager`] gives back the pager,
/// still on the page that failed, to resume later.
///
/// Without a `StreamExt` at hand, [`PageStream::next`] gives the next item.
///
/// ```no_run
/// # async fn demo(client: friendlyscore_client::FriendlyScoreClient) -> friendlyscore_client::Result<()> {
/// use friendlyscore_client::ListUsers;
/// let mut pages = client.list_users_pager(ListUsers::new().max_results(200)).into_page_stream();
/// while let Some(page) = pages.next().await {
///     match page {
///         Ok(page) => println!("{} users, notices {:?}", page.users.len(), page.notices),
///         Err(error) if error.status().is_some_and(|s| s.as_u16() == 202) => {
///             // Not ready: resume later from the same page.
///             let _later = pages.into_pager();
///             break;
///         }
///         Err(error) => return Err(error),
///     }
/// }
/// # Ok(()) }
/// ```
pub struct PageStream {
    pager: UserPager,
    fetch: Option<Fetch>,
    done: bool,
}

impl PageStream {
    /// The next page, `None` at the end (the same as `StreamExt::next`).
    pub async fn next(&mut self) -> Option<Result<UsersPage>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The pager underneath, on the page the stream would ask for next (a request in flight
    /// is dropped, and its page asked again).
    pub fn into_pager(self) -> UserPager {
        self.pager
    }
}

impl fmt::Debug for PageStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("pager", &self.pager)
            .field("fetching", &self.fetch.is_some())
            .field("done", &self.done)
            .finish()
    }
}

impl Stream for PageStream {
    type Item = Result<UsersPage>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let fetch = match &mut this.fetch {
            Some(fetch) => fetch,
            None => match this.pager.start() {
                Ok(Some(request)) => {
                    let client = this.pager.client.clone();
                    this.fetch
                        .insert(Box::pin(async move { client.list_users(request).await }))
                }
                Ok(None) => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                Err(error) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
            },
        };
        let Poll::Ready(answer) = fetch.as_mut().poll(cx) else {
            return Poll::Pending;
        };
        this.fetch = None;
        let item = this.pager.finish(answer).transpose();
        this.done = !matches!(item, Some(Ok(_)));
        Poll::Ready(item)
    }
}

impl FusedStream for PageStream {
    fn is_terminated(&self) -> bool {
        self.done
    }
}

/// The users of list-users, one by one, across pages, as a
/// [`Stream`](futures_core::Stream) (octocrab's `into_stream`): each item is a user (kept
/// raw when it did not decode, see [`Decoded`]) or the error that ended the walk.
///
/// It walks the pages of a [`PageStream`], and ends as it does: after the last page, or right
/// after an error. Pages' `notices` and other members are not part of this stream; walk the
/// [`PageStream`] to read them.
///
/// ```no_run
/// # async fn demo(client: friendlyscore_client::FriendlyScoreClient) -> friendlyscore_client::Result<()> {
/// use friendlyscore_client::ListUsers;
/// let mut users = client.list_users_stream(ListUsers::new().max_results(200));
/// while let Some(user) = users.next().await {
///     if let Some(user) = user?.typed() {
///         println!("{:?} scored {:?}", user.id, user.friendlyscore);
///     }
/// }
/// # Ok(()) }
/// ```
pub struct UserStream {
    pages: PageStream,
    users: std::vec::IntoIter<Decoded<User>>,
}

impl UserStream {
    /// The next user, `None` at the end (the same as `StreamExt::next`).
    pub async fn next(&mut self) -> Option<Result<Decoded<User>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The pager underneath, on the page the stream would ask for next. Users of the current
    /// page not yet yielded are dropped (after an error there are none).
    pub fn into_pager(self) -> UserPager {
        self.pages.into_pager()
    }
}

impl fmt::Debug for UserStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserStream")
            .field("pages", &self.pages)
            .field("buffered", &self.users.len())
            .finish()
    }
}

impl Stream for UserStream {
    type Item = Result<Decoded<User>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(user) = this.users.next() {
                return Poll::Ready(Some(Ok(user)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.users = page.users.into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl FusedStream for UserStream {
    fn is_terminated(&self) -> bool {
        self.users.as_slice().is_empty() && self.pages.is_terminated()
    }
}

impl FriendlyScoreClient {
    /// list-users: one page of users (`GET api/v2/users.json`).
    pub async fn list_users(&self, request: ListUsers) -> Result<Answer<UsersPage>> {
        request.validate()?;
        let call = ApiRequest::new(
            "list-users",
            Method::GET,
            self.base.join(&["api", "v2", "users.json"]),
            Idempotency::Idempotent,
        )
        .query_opt("page", request.page.map(|page| page.to_string()))
        .query_opt(
            "max_results",
            request.max_results.map(|max| max.to_string()),
        );
        self.read::<UsersPage>(&call).await
    }

    /// A pager over every page of list-users, starting at `request`'s page (see
    /// [`UserPager`]; also a stream of pages or of users). Invalid parameters are reported by
    /// the first [`UserPager::next_page`], before any request.
    pub fn list_users_pager(&self, request: ListUsers) -> UserPager {
        UserPager {
            client: self.clone(),
            next: Some(request.page.unwrap_or(1)),
            max_results: request.max_results.unwrap_or(DEFAULT_MAX_RESULTS),
            max_pages: DEFAULT_MAX_PAGES,
            read: 0,
            seen: HashSet::new(),
            stopped: None,
        }
    }

    /// Every user of list-users, one by one, as a [`Stream`](futures_core::Stream):
    /// `list_users_pager(request).into_stream()` (see [`UserStream`]).
    pub fn list_users_stream(&self, request: ListUsers) -> UserStream {
        self.list_users_pager(request).into_stream()
    }
}
