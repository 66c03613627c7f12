package notify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their files and a pool trusting the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "edufeed test SMTP"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, pool
}

// A server that offers STARTTLS, and refuses mail without it (aiosmtpd's
// default with a certificate), gets the message over TLS.
func TestEmailSTARTTLS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	addr, maildir := smtpSink(t, "--tlscert", certFile, "--tlskey", keyFile)
	st := openStore(t)
	clk := &clock{t: start}
	target := Target{Name: "office", Kind: KindEmail, URL: Secret("smtp://" + addr), Title: "t", From: "edufeed@school.example.cn",
		To: []string{"office@school.example.cn"}}
	n, err := New(Options{Store: st, Now: clk.now, SMTPTLS: &tls.Config{RootCAs: pool}}, []Target{target})
	if err != nil {
		t.Fatal(err)
	}
	n.Step(t.Context())
	save(t, st, start, story("jyt", 1, start))
	n.Step(t.Context())
	if s := n.Status()[0]; s.LastError != "" || s.Delivered != 1 {
		t.Fatalf("status %+v", s)
	}
	if files, _ := os.ReadDir(maildir); len(files) != 1 {
		t.Fatalf("%d mails in the sink, want 1", len(files))
	}

	// Without trusting the certificate, the send fails and says why.
	untrusting, err := New(Options{Store: st, Now: clk.now}, []Target{{Name: "strict", Kind: KindEmail, URL: target.URL, Title: "t",
		From: target.From, To: target.To}})
	if err != nil {
		t.Fatal(err)
	}
	untrusting.Step(t.Context())
	save(t, st, start, story("jyt", 2, start))
	untrusting.Step(t.Context())
	if s := untrusting.Status()[0]; s.Delivered != 0 || !strings.Contains(s.LastError, "STARTTLS") {
		t.Errorf("untrusted certificate: %+v", s)
	}
}
