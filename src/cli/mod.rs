//! The binary's side of samen: the command line's definitions ([`args`]), one function per
//! subcommand ([`commands`]) and the reading and writing around them ([`io`]). The library
//! decides; this module wires options to it. Compiled only into the binary.

pub mod args;
pub mod commands;
pub mod io;
