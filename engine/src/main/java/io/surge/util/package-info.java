/** Small utilities shared by every room: the seeded random generator. */
package io.surge.util;
