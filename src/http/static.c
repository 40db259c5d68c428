/*
 * The dashboard's files, embedded at build time: every file under web/
 * becomes a row of http_files (see cmake/embed.cmake). "/" is
 * index.html; "/assets/NAME" is web/assets/NAME.
 */
#include "http/http.h"

#include <string.h>

#include "http/web_files.h"

static const struct { const char *ext, *type; } types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

static const char *
content_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

void
api_static(http_req *r)
{
	const char *name = strcmp(r->path, "/") == 0 ? "index.html" :
	    r->path + 1;

	for (const http_file *f = http_files; f->name; f++)
		if (strcmp(f->name, name) == 0) {
			r->status = 200;
			r->ctype = content_type(f->name);
			r->out = (char *)(uintptr_t)f->data;
			r->outlen = f->len;
			r->out_static = 1;
			return;
		}
	http_error(r, 404, "not_found", "no file %s", r->path);
}
