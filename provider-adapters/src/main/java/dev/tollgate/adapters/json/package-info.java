/** Reading and rewriting a few top-level JSON members while every other byte passes through untouched. */
package dev.tollgate.adapters.json;
