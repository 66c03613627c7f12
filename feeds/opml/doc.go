// Package opml reads and writes OPML subscription lists, the format feed
// readers import and export, and plans an import: which feeds of a list
// are new next to the sources already configured, and what to name and
// tag them. Import (edufeed import-opml) and export (/sources.opml) share
// this one room, so that what edufeed writes it also reads back.
//
// The package is pure: it reads from an io.Reader, returns bytes, and
// knows neither the config file nor HTTP.
//
// Writing the planned sources into the config file stays in package
// config (config.AppendSources): that edit is config-file editing. It must
// follow the file's schema (the sources key, field names, how a value is
// quoted so that it reads back as the same string) and checks its result
// with config.Parse, both of which live in config; moving it to the
// command would split one file format across two packages.
package opml
