/*
 * Times one run of a command as a whole process, for the scripts of
 * bench/ (not the tests):
 *
 *   bench_exec [--out FILE] -- CMD [ARG ...]
 *	runs CMD (stdin /dev/null, stdout and stderr to FILE, default
 *	/dev/null) and prints "seconds=S peak_rss_kib=K exit=E": wall
 *	seconds from just before the fork to the reaping, the child's
 *	peak resident set size, its exit status (128 + N if signal N).
 *
 *   bench_exec --ready PORT [--out FILE] [--timeout S] -- CMD [ARG ...]
 *	starts CMD, sends "GET /healthz" to 127.0.0.1:PORT every
 *	millisecond until one answers 200, prints "seconds=S" (from just
 *	before the fork to the first 200 read), then stops CMD with
 *	SIGTERM (SIGKILL after 20 s) and adds "peak_rss_kib=K exit=E". If
 *	CMD exits first, or no 200 comes within S seconds (default 600),
 *	says so on stderr and exits 1.
 *
 *   bench_exec --free-port
 *	prints a port of 127.0.0.1 that nothing listens on now (the
 *	kernel's pick).
 *
 * One line on stdout for the script to read.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static void
usage(void)
{
	fprintf(stderr, "usage: bench_exec [--ready PORT] [--out FILE] "
	    "[--timeout SECONDS] -- CMD [ARG ...] | --free-port\n");
	exit(2);
}

/* Forks and execs argv with its output to out; the child's pid, or -1. */
static pid_t
start(char **argv, const char *out)
{
	pid_t pid;
	int in, fd;

	if ((pid = fork()) != 0)
		return pid;
	if ((in = open("/dev/null", O_RDONLY)) < 0 ||
	    (fd = open(out, O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0) {
		perror("bench_exec: open");
		_exit(127);
	}
	dup2(in, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close(in);
	close(fd);
	execvp(argv[0], argv);
	perror("bench_exec: exec");
	_exit(127);
}

static int
status_of(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* 1 if GET /healthz on 127.0.0.1:port answers 200 now, else 0. */
static int
healthy(int port)
{
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1"
	    "\r\nConnection: close\r\n\r\n";
	struct sockaddr_in a;
	char buf[64];
	ssize_t n, got = 0;
	int fd, ok;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return 0;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    write(fd, req, sizeof(req) - 1) != (ssize_t)sizeof(req) - 1) {
		close(fd);
		return 0;
	}
	while (got < (ssize_t)sizeof(buf) - 1 &&
	    (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	close(fd);
	ok = strncmp(buf, "HTTP/1.1 200", 12) == 0 ||
	    strncmp(buf, "HTTP/1.0 200", 12) == 0;
	return ok;
}

/* The peak resident set size of the child reaped (the only one), KiB. */
static long
child_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_maxrss;
}

/* Waits for pid at most secs seconds: 1 reaped (into *st), 0 not. */
static int
reap(pid_t pid, double secs, int *st)
{
	double until = now() + secs;
	struct timespec ms = { 0, 1000000 };

	while (now() < until) {
		pid_t r = waitpid(pid, st, WNOHANG);
		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return 0;
		nanosleep(&ms, NULL);
	}
	return 0;
}

/* Prints a free port of 127.0.0.1. */
static int
free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		perror("bench_exec: free port");
		return 1;
	}
	close(fd);
	printf("%d\n", ntohs(a.sin_port));
	return 0;
}

int
main(int argc, char **argv)
{
	const char *out = "/dev/null";
	struct timespec ms = { 0, 1000000 };
	double t0, t1, timeout = 600;
	int i, port = 0, st;
	pid_t pid;

	if (argc == 2 && strcmp(argv[1], "--free-port") == 0)
		return free_port();
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--ready") == 0)
			port = atoi(argv[++i]);
		else if (strcmp(argv[i], "--out") == 0)
			out = argv[++i];
		else if (strcmp(argv[i], "--timeout") == 0)
			timeout = atof(argv[++i]);
		else
			usage();
	}
	if (i + 1 >= argc)
		usage();
	argv += i + 1;
	t0 = now();
	if ((pid = start(argv, out)) < 0) {
		perror("bench_exec: fork");
		return 1;
	}
	if (port == 0) {
		if (waitpid(pid, &st, 0) != pid) {
			perror("bench_exec: wait");
			return 1;
		}
		t1 = now();
		printf("seconds=%.6f peak_rss_kib=%ld exit=%d\n", t1 - t0,
		    child_rss_kib(), status_of(st));
		return 0;
	}
	for (;;) {
		if (healthy(port))
			break;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			fprintf(stderr, "bench_exec: %s exited (%d) before "
			    "answering 200 on /healthz\n", argv[0], status_of(st));
			return 1;
		}
		if (now() - t0 > timeout) {
			fprintf(stderr, "bench_exec: no 200 from /healthz within "
			    "%.0f s\n", timeout);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return 1;
		}
		nanosleep(&ms, NULL);
	}
	t1 = now();
	kill(pid, SIGTERM);
	if (!reap(pid, 20, &st)) {
		fprintf(stderr, "bench_exec: %s still running 20 s after "
		    "SIGTERM: killed\n", argv[0]);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return 1;
	}
	printf("seconds=%.6f peak_rss_kib=%ld exit=%d\n", t1 - t0,
	    child_rss_kib(), status_of(st));
	return 0;
}
