//! list-users (`GET api/v2/users.json?page=&max_results=`) and a pager over every page.

use leadkit_core::{
    ApiRequest, BodyExcerpt, Error, Idempotency, Method, Result, StatusCode, VendorMessage,
    validate,
};
use serde_json::{Map, Value};

use crate::answer::{Answer, Notices};
use crate::client::{FriendlyScoreClient, VENDOR};
use crate::fields::{Fields, object};
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
/// array, or from a `users` member (an array, or an object keyed by id); every other member
/// is kept in [`UsersPage::extra`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsersPage {
    /// The users on this page.
    pub users: Vec<User>,
    /// `notices`.
    pub notices: Notices,
    /// Every other member of the answer (paging metadata, if the vendor sends any).
    pub extra: Fields,
}

impl UsersPage {
    fn from_value(value: Value) -> Self {
        let mut map = match value {
            Value::Array(items) => {
                let mut map = Map::new();
                map.insert("users".to_owned(), Value::Array(items));
                map
            }
            other => object(other),
        };
        let users = match map.remove("users") {
            Some(Value::Array(items)) => items,
            Some(Value::Object(by_id)) => by_id.into_iter().map(|(_, user)| user).collect(),
            Some(other) => {
                map.insert("users".to_owned(), other);
                Vec::new()
            }
            None => Vec::new(),
        };
        Self {
            users: users
                .into_iter()
                .map(|user| User::from_map(object(user)))
                .collect(),
            notices: Notices::take_from(&mut map),
            extra: map.into(),
        }
    }
}

impl<'de> serde::Deserialize<'de> for UsersPage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self::from_value(Value::deserialize(deserializer)?))
    }
}

/// Walks list-users page by page, from the requested page (1 by default) to the last one.
///
/// A page is the last when it holds fewer users than `max_results` (the pager always sends
/// `max_results`, 20 unless set), when it is empty, or when the vendor answers 204. A 202
/// answer is an error here: a listing has nothing to wait for.
///
/// ```no_run
/// # async fn demo(client: friendlyscore_client::FriendlyScoreClient) -> friendlyscore_client::Result<()> {
/// use friendlyscore_client::ListUsers;
/// let mut pager = client.list_users_pager(ListUsers::new().max_results(200));
/// while let Some(page) = pager.next_page().await? {
///     for user in &page.users {
///         println!("{:?} scored {:?}", user.id, user.friendlyscore);
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct UserPager {
    client: FriendlyScoreClient,
    next: Option<u32>,
    max_results: u32,
}

impl UserPager {
    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<UsersPage>> {
        let Some(page) = self.next else {
            return Ok(None);
        };
        let request = ListUsers::new().page(page).max_results(self.max_results);
        match self.client.list_users(request).await? {
            Answer::Ready(found) => {
                let full = found.users.len() >= self.max_results as usize;
                self.next = page.checked_add(1).filter(|_| full);
                Ok(Some(found))
            }
            Answer::NoData => {
                self.next = None;
                Ok(None)
            }
            Answer::Scheduled { .. } => {
                self.next = None;
                Err(Error::Status {
                    vendor: VENDOR,
                    operation: "list-users",
                    status: StatusCode::ACCEPTED,
                    message: Some(VendorMessage::new(
                        "scheduled: the listing is not ready, try again later",
                    )),
                    body: BodyExcerpt::default(),
                    retry_after: None,
                })
            }
        }
    }

    /// Every user on every remaining page.
    pub async fn collect_all(mut self) -> Result<Vec<User>> {
        let mut users = Vec::new();
        while let Some(page) = self.next_page().await? {
            users.extend(page.users);
        }
        Ok(users)
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
        Ok(self.read::<Value>(&call).await?.map(UsersPage::from_value))
    }

    /// A pager over every page of list-users, starting at `request`'s page. Invalid
    /// parameters are reported by the first [`UserPager::next_page`], before any request.
    pub fn list_users_pager(&self, request: ListUsers) -> UserPager {
        UserPager {
            client: self.clone(),
            next: Some(request.page.unwrap_or(1)),
            max_results: request.max_results.unwrap_or(DEFAULT_MAX_RESULTS),
        }
    }
}
