package shadowrelay

import (
	"net/http"
	"net/textproto"
	"strings"
)

// hopByHop are the fields that describe one connection, not the request
// (RFC 9110 section 7.6.1, and the proxy authentication fields of section
// 11.7, which are meant for the proxy that reads them): a proxy drops them
// instead of forwarding them.
var hopByHop = []string{
	"Connection",
	"Proxy-Connection",
	"Keep-Alive",
	"Proxy-Authenticate",
	"Proxy-Authorization",
	"Te",
	"Trailer",
	"Transfer-Encoding",
	"Upgrade",
}

// forwardHeader returns the header to send to staging: in's end-to-end
// fields as they are (Authorization, Cookie, X-Forwarded-*, X-Real-IP
// included: staging must see the request production saw), without the
// hop-by-hop ones and those the Connection field names, without
// Content-Length (the transport writes the length of the body it sends),
// and with the mirror header.
func forwardHeader(in http.Header, mirrorName, mirrorValue string) http.Header {
	out := in.Clone()
	if out == nil {
		out = http.Header{}
	}
	for _, v := range in.Values("Connection") {
		for name := range strings.SplitSeq(v, ",") {
			if name = textproto.TrimString(name); name != "" {
				out.Del(name)
			}
		}
	}
	for _, name := range hopByHop {
		out.Del(name)
	}
	out.Del("Content-Length")
	// The relay has the whole body already: nothing to wait for.
	out.Del("Expect")
	if _, ok := out["User-Agent"]; !ok {
		// An empty value keeps Go's transport from adding its own.
		out["User-Agent"] = []string{""}
	}
	out.Set(mirrorName, mirrorValue)
	return out
}
