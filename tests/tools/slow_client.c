/*
 * A hostile client for the tests: opens N connections to 127.0.0.1:PORT
 * and on each sends a request line, then one header line every INTERVAL
 * seconds, never ending the headers, for SECONDS seconds in all; then
 * closes them and exits. Bounded in count and time; loopback only.
 * Usage: slow_client PORT N INTERVAL SECONDS
 * Prints "open K" once the connections are made (K may be less than N if
 * the server refused some at accept).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONN 1024

int
main(int argc, char **argv)
{
	static int fds[MAX_CONN];
	struct sockaddr_in sa;
	int n, interval, seconds, open_ = 0;
	time_t end;

	if (argc != 5)
		return fprintf(stderr, "usage: slow_client PORT N INTERVAL "
		    "SECONDS\n"), 2;
	n = atoi(argv[2]);
	interval = atoi(argv[3]);
	seconds = atoi(argv[4]);
	if (n < 1 || n > MAX_CONN || interval < 1 || seconds < 1 ||
	    seconds > 120)
		return fprintf(stderr, "slow_client: bad numbers\n"), 2;
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		const char line[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
		if (fd < 0)
			break;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
		    write(fd, line, sizeof(line) - 1) < 0) {
			close(fd);
			fds[i] = -1;
			continue;
		}
		fds[i] = fd;
		open_++;
	}
	printf("open %d\n", open_);
	fflush(stdout);
	end = time(NULL) + seconds;
	for (int k = 0; time(NULL) < end; k++) {
		char h[64];
		int len = snprintf(h, sizeof(h), "X-Slow-%d: %d\r\n", k, k);
		sleep((unsigned)interval);
		for (int i = 0; i < n; i++)
			if (fds[i] >= 0 && write(fds[i], h, (size_t)len) < 0) {
				close(fds[i]);
				fds[i] = -1;
			}
	}
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return 0;
}
