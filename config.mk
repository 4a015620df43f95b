# Shared settings for the userspace parts; included by every sub-Makefile.
ROOT     := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD    ?= $(ROOT)/build
PREFIX   ?= /usr/local
LIBDIR   ?= $(PREFIX)/lib
PKGLIBDIR ?= $(LIBDIR)/kos-linux
INCDIR   ?= $(PREFIX)/include
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
PCDIR    ?= $(LIBDIR)/pkgconfig
DESTDIR  ?=

# $(call relpath,FROM,TO): TO relative to directory FROM.  Installed programs
# find their data this way, so an install PREFIX other than the build's holds.
relpath = $(shell realpath -m --relative-to=$(1) $(2))

KOS_VERSION := 1.0.0
KOS_SOVER   := 1

# The kselftest harness is taken from linux-source-6.1 by scripts/deps.sh.
KSELFTEST_DIR ?= /usr/local/share/kos-linux/kselftest

CC       ?= cc
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror=implicit-function-declaration -D_GNU_SOURCE
CPPFLAGS += -I$(ROOT)/include -I$(ROOT)/include/uapi
