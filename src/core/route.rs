//! Where the reader is, as the URL's fragment says it: reload and Back
//! bring them to the same place.

/// A place in the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// No fragment: a first visit opens the shipped article, as it always has.
    Start,
    /// `#/library`: the list of documents.
    Library,
    /// `#/d/<id>`: one document.
    Document(String),
    /// A fragment Tagmark doesn't know (a mistyped or damaged link).
    Unknown(String),
}

impl Route {
    /// Reads a `location.hash` value (with or without its `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        match path {
            "" | "/" => Route::Start,
            "/library" => Route::Library,
            _ => match path.strip_prefix("/d/") {
                Some(id) if is_document_id(id) => Route::Document(id.to_string()),
                _ => Route::Unknown(path.to_string()),
            },
        }
    }

    /// The fragment for this place, `#` included.
    pub fn hash(&self) -> String {
        match self {
            Route::Start => "#/".into(),
            Route::Library => "#/library".into(),
            Route::Document(id) => format!("#/d/{id}"),
            Route::Unknown(path) => format!("#{path}"),
        }
    }
}

/// A document id as [`crate::core::document::Document::id`] makes them.
fn is_document_id(id: &str) -> bool {
    id.strip_prefix("doc-").is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_round_trip_and_bad_ones_are_named() {
        for route in [Route::Start, Route::Library, Route::Document("doc-0123456789abcdef".into())] {
            assert_eq!(Route::parse(&route.hash()), route);
        }
        assert_eq!(Route::parse(""), Route::Start);
        assert_eq!(Route::parse("#"), Route::Start);
        assert_eq!(Route::parse("#/d/doc-123"), Route::Unknown("/d/doc-123".into()));
        assert_eq!(Route::parse("#/d/<script>"), Route::Unknown("/d/<script>".into()));
        assert_eq!(Route::parse("#/elsewhere"), Route::Unknown("/elsewhere".into()));
    }
}
