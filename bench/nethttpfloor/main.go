// Command nethttpfloor serves the files of one directory from memory through
// net/http with nothing else around it: no routing beyond a map lookup, no
// metrics, no cache, no timeouts. bench/serve loads it beside edufeed and
// nginx, with the same bytes, so that the results show what net/http itself
// costs per request on this machine, and so how much of any gap to nginx is
// edufeed's and how much is the standard library's.
//
// Like nginx with "etag on; gzip_static on; gzip_vary on;", it answers a
// path with NAME.gz's bytes when the client accepts gzip and NAME.gz exists,
// gives each variant an ETag made from its modification time and size, and
// answers 304 when If-None-Match names it. It is a benchmark reference, not
// a server to expose: it has none of the daemon's protection against slow
// or hostile clients.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// variant is one stored body with its header values built once, so that a
// request allocates nothing of the handler's own.
type variant struct {
	body                                     []byte
	etag                                     string
	etagHdr, lengthHdr, typeHdr, modifiedHdr []string
	encodingHdr                              []string // nil for the plain body
}

// file is a path's plain body and, if NAME.gz exists, its gzip variant.
type file struct{ plain, gz *variant }

// files maps a request path ("/feed.xml") to its file.
type files map[string]*file

var varyHdr = []string{"Accept-Encoding"}

// feedTypes are the media types edufeed and bench/serve's nginx send for
// the feed files.
var feedTypes = map[string]string{
	".xml":  "application/rss+xml",
	".atom": "application/atom+xml",
	".json": "application/feed+json",
}

// ServeHTTP answers like the daemon's feed handler answers a cache hit
// (publish.writeEntry), in the fewest steps. It is written out here rather
// than imported so that the floor contains none of edufeed's code.
func (fs files) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	f, ok := fs[req.URL.Path]
	if !ok {
		http.NotFound(w, req)
		return
	}
	v := f.plain
	if f.gz != nil && strings.Contains(req.Header.Get("Accept-Encoding"), "gzip") {
		v = f.gz
	}
	hdr := w.Header()
	hdr["Etag"] = v.etagHdr
	hdr["Last-Modified"] = v.modifiedHdr
	hdr["Vary"] = varyHdr
	if req.Header.Get("If-None-Match") == v.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr["Content-Type"] = v.typeHdr
	hdr["Content-Length"] = v.lengthHdr
	if v.encodingHdr != nil {
		hdr["Content-Encoding"] = v.encodingHdr
	}
	w.WriteHeader(http.StatusOK)
	if req.Method != http.MethodHead {
		w.Write(v.body) // an error means the client left
	}
}

// load reads every regular file of dir that does not end in .gz.
func load(dir string) (files, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fs := files{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasSuffix(name, ".gz") {
			continue
		}
		typ := feedTypes[filepath.Ext(name)]
		if typ == "" {
			typ = mime.TypeByExtension(filepath.Ext(name))
		}
		if typ == "" {
			typ = "application/octet-stream"
		}
		plain, err := readVariant(filepath.Join(dir, name), typ, "")
		if err != nil {
			return nil, err
		}
		f := &file{plain: plain}
		f.gz, err = readVariant(filepath.Join(dir, name+".gz"), typ, "gzip")
		if errors.Is(err, os.ErrNotExist) {
			f.gz, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
		fs["/"+name] = f
	}
	return fs, nil
}

func readVariant(path, typ, encoding string) (*variant, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	// nginx's form: hex modification time and size.
	etag := fmt.Sprintf(`"%x-%x"`, st.ModTime().Unix(), st.Size())
	v := &variant{
		body:        body,
		etag:        etag,
		etagHdr:     []string{etag},
		lengthHdr:   []string{strconv.Itoa(len(body))},
		typeHdr:     []string{typ},
		modifiedHdr: []string{st.ModTime().UTC().Format(http.TimeFormat)},
	}
	if encoding != "" {
		v.encodingHdr = []string{encoding}
	}
	return v, nil
}

func main() {
	listen := flag.String("listen", "127.0.0.1:8090", "address to listen on")
	dir := flag.String("dir", ".", "directory whose files to serve")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("nethttpfloor: ")
	fs, err := load(*dir)
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: fs}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
