/* The files under web/, embedded by cmake/embed.cmake into web_files.c. */
#ifndef AS_WEB_FILES_H
#define AS_WEB_FILES_H

#include <stddef.h>
#include <stdint.h>

typedef struct http_file {
	const char		*name;	/* relative to web/: "assets/app.js" */
	const unsigned char	*data;
	size_t			 len;
} http_file;

extern const http_file http_files[];	/* ends with a NULL name */

#endif
