//! Text files as planners save them: UTF-8 (with or without a byte-order mark) is read as it
//! is, UTF-16 with a byte-order mark (Windows Notepad's "Unicode") is decoded, and anything
//! else that is not UTF-8 (Latin-1 or Windows-1252, as older editors and Excel save) is
//! refused with the line of the first byte that does not fit and what to do about it: guessing
//! an 8-bit code page could misread a name without anyone noticing.

use std::io::{Error, ErrorKind};
use std::path::Path;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// The file's text.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    decode(&std::fs::read(path)?)
}

/// Bytes of a text file as a string (see the module documentation).
pub fn decode(bytes: &[u8]) -> std::io::Result<String> {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => utf8(bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> std::io::Result<String> {
    if bytes.len() % 2 == 1 {
        return Err(invalid("the file says it is UTF-16 but ends in half a character (it may be cut off): save it as UTF-8".into()));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| {
            invalid("the file says it is UTF-16 but is not valid UTF-16: save it as UTF-8".into())
        })
}

fn utf8(bytes: &[u8]) -> std::io::Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count();
        invalid(format!(
            "line {line}: byte 0x{:02X} is not UTF-8 (the file looks like Latin-1 or \
             Windows-1252, as older editors and Excel save it): save it as UTF-8 (in Notepad: \
             Save as, Encoding UTF-8)",
            bytes[at]
        ))
    })
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidData, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_a_byte_order_mark_reads_as_written() {
        assert_eq!(
            decode("naam = \"Zemst\"".as_bytes()).unwrap(),
            "naam = \"Zemst\""
        );
        let with_bom = [UTF8_BOM, "a = \"é\"".as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap(), "a = \"é\"");
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "name = \"Sint-Genesius-Rode é\"\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap(), text);
        assert_eq!(decode(&be).unwrap(), text);
    }

    #[test]
    fn latin1_is_refused_with_its_line_and_what_to_do() {
        let latin1 = b"[scenario]\nname = \"Caf\xE9\"\n";
        let e = decode(latin1).unwrap_err().to_string();
        assert!(e.contains("line 2: byte 0xE9 is not UTF-8"), "{e}");
        assert!(e.contains("save it as UTF-8"), "{e}");
    }
}
