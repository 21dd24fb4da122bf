//! Maps a key path (`partner[2].population`) back to a line and column of the source text, so
//! that errors found after deserialisation still point at the offending spot.

use crate::error::Location;
use toml_edit::{Document, Item, Table, TableLike, Value};

/// Key path segments, as produced by the validator.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    /// A table key (`partner`, `population`).
    Key(String),
    /// A 0-based position in an array or array of tables (`[2]`).
    Index(usize),
}

/// Renders segments as `a.b[2].c`.
pub fn render_path(segs: &[Seg]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

enum Node<'a> {
    Item(&'a Item),
    Table(&'a Table),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn table_like(&self) -> Option<&'a dyn TableLike> {
        match *self {
            Node::Item(i) => i.as_table_like(),
            Node::Table(t) => Some(t),
            Node::Value(v) => v.as_inline_table().map(|t| t as &dyn TableLike),
        }
    }
    fn index(&self, i: usize) -> Option<Node<'a>> {
        match *self {
            Node::Item(Item::ArrayOfTables(a)) => a.get(i).map(Node::Table),
            Node::Item(Item::Value(Value::Array(a))) | Node::Value(Value::Array(a)) => {
                a.get(i).map(Node::Value)
            }
            _ => None,
        }
    }
    fn span(&self) -> Option<std::ops::Range<usize>> {
        match *self {
            Node::Item(i) => i.span(),
            Node::Table(t) => t.span(),
            Node::Value(v) => v.span(),
        }
    }
}

/// A parsed source that answers "where is this key path?".
pub struct Locator<'s> {
    text: &'s str,
    doc: Option<Document<&'s str>>,
}

impl<'s> Locator<'s> {
    /// Parses `text`; a text that is not valid TOML locates no path.
    pub fn new(text: &'s str) -> Self {
        Locator {
            text,
            doc: Document::parse(text).ok(),
        }
    }

    /// The byte span of the deepest existing node along the path (the value if it exists,
    /// else its key, else the nearest ancestor).
    pub fn span(&self, segs: &[Seg]) -> Option<std::ops::Range<usize>> {
        let doc = self.doc.as_ref()?;
        let mut node = Node::Table(doc.as_table());
        let mut best = None;
        for seg in segs {
            let next = match seg {
                Seg::Key(k) => {
                    let t = node.table_like()?;
                    match t.get_key_value(k) {
                        Some((key, item)) => {
                            if let Some(sp) = key.span() {
                                best = Some(sp);
                            }
                            Node::Item(item)
                        }
                        None => return best,
                    }
                }
                Seg::Index(i) => match node.index(*i) {
                    Some(n) => n,
                    None => return best,
                },
            };
            if let Some(sp) = next.span() {
                best = Some(sp);
            }
            node = next;
        }
        best
    }

    /// Where the node at a key path starts (see [`Locator::span`]), if any of it is in the text.
    pub fn locate(&self, segs: &[Seg]) -> Option<Location> {
        self.span(segs).map(|s| self.location_of(s.start))
    }

    /// Where the node at a key path starts, and how many characters of its first line it
    /// covers (see [`Locator::place`]).
    pub fn place_path(&self, segs: &[Seg]) -> Option<(Location, usize)> {
        self.span(segs).map(|s| self.place(s))
    }

    /// Where a byte span starts, and how many characters of its first line it covers: the
    /// width of the underline under the offending value. A span reaching over several lines
    /// (a whole table) is cut at the end of its first line, since only that line is shown.
    pub fn place(&self, span: std::ops::Range<usize>) -> (Location, usize) {
        let start = self
            .text
            .floor_char_boundary(span.start.min(self.text.len()));
        let end = self
            .text
            .floor_char_boundary(span.end.min(self.text.len()))
            .max(start);
        let rest = &self.text[start..end];
        let first_line = rest.split('\n').next().unwrap_or("");
        let first_line = first_line.strip_suffix('\r').unwrap_or(first_line);
        (self.location_of(start), first_line.chars().count())
    }

    /// The 1-based line and column (in characters) of a byte offset, clamped to the text.
    pub fn location_of(&self, byte: usize) -> Location {
        let byte = self.text.floor_char_boundary(byte.min(self.text.len()));
        let before = &self.text[..byte];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = self.text[line_start..byte].chars().count() + 1;
        Location { line, column }
    }

    /// The text of the 1-based line `line`, without its line ending; `None` past the end.
    pub fn line_text(&self, line: usize) -> Option<String> {
        self.text.lines().nth(line - 1).map(|l| l.to_string())
    }
}
