//! ducha's integration tests: one binary, modules by theme.

mod aggregate;
mod archive;
mod cli;
mod common;
mod documents;
mod followup;
mod hostile;
mod init;
mod inspection;
mod lang;
mod lint;
mod onsite;
mod realworld;
mod regression;
mod render;
mod rules;
mod samples;
mod selfassess;
mod tables;
mod terms;
mod workbook;
